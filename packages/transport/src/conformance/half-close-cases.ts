import { check, checkRejects, checkSameBytes, sleep, waitUntil } from "./assert.ts";
import type { CaseDefinition } from "./case.ts";
import { withPeerServer } from "./peer-server.ts";
import { type HandlerRecorder, patternBytes, recordHandlers } from "./recorder.ts";

const MiB = 1024 * 1024;

/**
 * How long a transport may take to report the end of a connection whose peer ended its side. Generous
 * for a loaded machine, far below any action timeout: a transport that waits to flush the bytes the
 * peer will never read never gets there.
 */
const endBound = 2000;

/** A write's outcome, readable while it is still pending. */
interface TrackedWrite {
  outcome: "pending" | "resolved" | "rejected";
  reason?: unknown;
  readonly settled: Promise<void>;
}

function track(write: Promise<void>): TrackedWrite {
  const tracked: TrackedWrite = {
    outcome: "pending",
    settled: write.then(
      () => {
        tracked.outcome = "resolved";
      },
      (error: unknown) => {
        tracked.outcome = "rejected";
        tracked.reason = error;
      },
    ),
  };
  return tracked;
}

/** Checks that a write pending when the peer ended its side rejected with code "closed" or "reset". */
async function checkRejectedOnEnd(write: TrackedWrite, what: string): Promise<void> {
  await waitUntil(() => write.outcome !== "pending", endBound, `${what} to settle after the peer's end`);
  await write.settled;
  check(write.outcome === "rejected", `${what} resolved, but the peer never read its bytes`);
  const code = (write.reason as { code?: unknown } | undefined)?.code;
  await checkRejects(Promise.reject(write.reason), code === "reset" ? "reset" : "closed", what);
}

function checkOneCleanClose(recorder: HandlerRecorder): void {
  check(
    recorder.closes.length === 1,
    `onClose was called ${recorder.closes.length} times after the peer ended its side`,
  );
  const [error] = recorder.closes;
  check(
    error === undefined,
    `onClose got an error for a peer that ended its side cleanly: ${error?.name}: ${error?.message}`,
  );
  check(recorder.dataAfterClose === 0, "onData was called after onClose");
}

/**
 * A peer that ends its side (FIN) while the client's writes are stalled. AMI has no half-duplex use: a
 * server that ends its side never answers again, and may never read another byte. The transport must end
 * the connection at once instead of waiting to flush bytes nobody reads (Node's automatic half-close
 * does), or the client stays "connected" for good. @internal
 */
export const halfCloseCases: readonly CaseDefinition[] = [
  {
    name: 'a peer that ends its side while writes are stalled: onClose promptly, once, clean; pending writes reject with "closed"',
    async run({ transport }) {
      await withPeerServer({ pauseOnConnect: true }, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        const peer = await server.accepted();
        // One large write the OS cannot take while the peer reads nothing, and one queued behind it.
        const first = track(socket.write(patternBytes(16 * MiB, 13)));
        const second = track(socket.write(patternBytes(MiB, 17)));
        await sleep(200);
        check(first.outcome === "pending", `write() of 16 MiB ${first.outcome} while the peer read nothing`);
        check(recorder.closes.length === 0, "onClose fired before the peer ended its side (test setup)");
        const endedAt = Date.now();
        peer.socket.end();
        await waitUntil(
          () => recorder.closes.length > 0,
          endBound,
          "onClose after the peer ended its side while writes were pending",
        );
        const elapsed = Date.now() - endedAt;
        await checkRejectedOnEnd(first, "the write in progress when the peer ended its side");
        await checkRejectedOnEnd(second, "the write queued when the peer ended its side");
        await checkRejects(
          socket.write(patternBytes(16, 19)),
          "closed",
          "write() after the peer ended its side",
        );
        await socket.close();
        await sleep(20);
        checkOneCleanClose(recorder);
        check(elapsed < endBound, `onClose came ${elapsed} ms after the peer ended its side`);
        check(peer.receivedLength() === 0, "the peer read bytes while paused (test setup)");
      });
    },
  },
  {
    name: "a peer that sends its last bytes, then ends its side while writes are stalled: every byte arrives before onClose",
    async run({ transport }) {
      await withPeerServer({ pauseOnConnect: true }, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        const peer = await server.accepted();
        const pending = track(socket.write(patternBytes(16 * MiB, 23)));
        await sleep(200);
        check(
          pending.outcome === "pending",
          `write() of 16 MiB ${pending.outcome} while the peer read nothing`,
        );
        // The last words, in several writes, then the end: as a server that logs the client off.
        const farewell = patternBytes(512 * 1024, 29);
        for (let offset = 0; offset < farewell.length; offset += 64 * 1024)
          peer.socket.write(farewell.subarray(offset, offset + 64 * 1024));
        peer.socket.end();
        await waitUntil(
          () => recorder.closes.length > 0,
          5000,
          "onClose after the peer's last bytes and end",
        );
        checkSameBytes(recorder.received(), farewell, "bytes the peer sent before it ended its side");
        await checkRejectedOnEnd(pending, "the write pending when the peer ended its side");
        await socket.close();
        await sleep(20);
        checkOneCleanClose(recorder);
      });
    },
  },
];
