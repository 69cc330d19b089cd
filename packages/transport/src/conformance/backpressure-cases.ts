import { memoryUsage } from "node:process";
import { check, checkRejects, checkSameBytes, sleep, waitUntil } from "./assert.ts";
import type { CaseDefinition } from "./case.ts";
import type { PeerConnection } from "./peer-server.ts";
import { withPeerServer } from "./peer-server.ts";
import { patternBytes, recordHandlers } from "./recorder.ts";

const MiB = 1024 * 1024;

/** Resets the connection from the server side (RST, not FIN). */
function reset(peer: PeerConnection): void {
  const socket = peer.socket as PeerConnection["socket"] & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Backpressure, as the contract has it: `write()` resolves only once the runtime handed the bytes to the
 * OS, so it stays pending while the peer reads nothing, and a pending write rejects when the connection
 * ends. The client relies on it to stop writing to a server that stopped reading. @internal
 */
export const backpressureCases: readonly CaseDefinition[] = [
  {
    name: "write() of 16 MiB to a peer that reads nothing stays pending until the peer reads it",
    async run({ transport }) {
      await withPeerServer({ pauseOnConnect: true }, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        const peer = await server.accepted();
        const large = patternBytes(16 * MiB, 7);
        let resolved = false;
        const writing = socket.write(large).then(() => {
          resolved = true;
        });
        await sleep(300);
        check(peer.receivedLength() === 0, "the peer read bytes while paused (test setup)");
        check(
          !resolved,
          "write() of 16 MiB resolved while the peer read nothing: the OS cannot have accepted it all",
        );
        peer.socket.resume();
        await writing;
        await waitUntil(() => peer.receivedLength() >= large.length, 10_000, "the peer to read 16 MiB");
        checkSameBytes(peer.received(), large, "bytes the peer read");
        await socket.close();
      });
    },
  },
  {
    name: "a writer that awaits each write() stalls while the peer reads nothing: memory stays bounded",
    async run({ transport }) {
      await withPeerServer({ pauseOnConnect: true }, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        const peer = await server.accepted();
        const chunk = patternBytes(64 * 1024, 3);
        let accepted = 0;
        let stop = false;
        const writer = (async () => {
          while (!stop && accepted < 64 * MiB) {
            await socket.write(chunk);
            accepted += chunk.length;
          }
        })();
        await sleep(300);
        const afterPause = accepted;
        await sleep(200);
        check(
          accepted < 32 * MiB,
          `write() accepted ${accepted} bytes while the peer read nothing: the transport buffers without bound`,
        );
        check(
          accepted - afterPause < MiB,
          `write() kept resolving (${accepted - afterPause} more bytes in 200 ms) while the peer read nothing`,
        );
        stop = true;
        peer.socket.resume();
        await writer;
        await waitUntil(() => peer.receivedLength() >= accepted, 10_000, "the peer to read every byte");
        check(
          peer.receivedLength() === accepted,
          `the peer read ${peer.receivedLength()} of ${accepted} bytes`,
        );
        await socket.close();
      });
    },
  },
  {
    name: 'a peer that stops reading: memory does not grow with the writes; the pending write rejects with code "closed" on close()',
    async run({ transport }) {
      await withPeerServer({ pauseOnConnect: true }, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        const peer = await server.accepted();
        // A writer that keeps one 1 MiB write in flight, as the client does, while the peer reads nothing.
        const chunk = patternBytes(MiB, 5);
        let accepted = 0;
        let failure: unknown;
        const writer = (async () => {
          try {
            for (;;) {
              await socket.write(chunk);
              accepted += chunk.length;
            }
          } catch (error) {
            failure = error;
          }
        })();
        await sleep(300);
        const rssAfterStall = memoryUsage().rss;
        const acceptedAfterStall = accepted;
        // A transport without backpressure would take another 1 MiB each turn: hundreds of MiB by now.
        await sleep(700);
        const growth = memoryUsage().rss - rssAfterStall;
        check(
          accepted - acceptedAfterStall < MiB,
          `write() kept resolving (${accepted - acceptedAfterStall} more bytes in 700 ms) while the peer read nothing`,
        );
        check(
          growth < 64 * MiB,
          `memory grew by ${Math.round(growth / MiB)} MiB in 700 ms while the writes were stalled`,
        );
        check(failure === undefined, `a write rejected while the connection was open: ${String(failure)}`);
        await socket.close();
        await writer;
        check(failure !== undefined, "the write pending at close() neither resolved nor rejected");
        await checkRejects(Promise.reject(failure), "closed", "the write pending at close()");
        check(peer.receivedLength() === 0, "the peer read bytes while paused (test setup)");
      });
    },
  },
  {
    name: "a write pending while the peer reads nothing rejects when the peer resets the connection",
    async run({ transport }) {
      await withPeerServer({ pauseOnConnect: true }, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        const peer = await server.accepted();
        const settled: { outcome: "pending" | "resolved" | "rejected"; reason?: unknown } = {
          outcome: "pending",
        };
        const outcome = () => settled.outcome;
        const writing = socket.write(patternBytes(16 * MiB, 9)).then(
          () => {
            settled.outcome = "resolved";
          },
          (error: unknown) => {
            settled.outcome = "rejected";
            settled.reason = error;
          },
        );
        await sleep(200);
        check(outcome() === "pending", `write() of 16 MiB ${outcome()} while the peer read nothing`);
        reset(peer);
        await waitUntil(() => outcome() !== "pending", 5000, "the pending write to settle after the reset");
        await writing;
        check(
          outcome() === "rejected",
          "the write pending at the reset resolved: its bytes never reached the peer",
        );
        check(
          settled.reason instanceof Error && typeof (settled.reason as { code?: unknown }).code === "string",
          `the rejection is not an error with a code: ${String(settled.reason)}`,
        );
        await waitUntil(() => recorder.closes.length > 0, 5000, "onClose after the reset");
        await socket.close();
      });
    },
  },
];
