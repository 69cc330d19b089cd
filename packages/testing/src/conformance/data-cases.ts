import { check, checkSameBytes, sleep, waitUntil } from "./assert.ts";
import type { CaseDefinition } from "./case.ts";
import { withPeerServer } from "./peer-server.ts";
import { concat, patternBytes, recordHandlers } from "./recorder.ts";

const MiB = 1024 * 1024;
const greeting = new TextEncoder().encode("Asterisk Call Manager/11.0.0\r\n");

/** Moving bytes: order, integrity, backpressure. @internal */
export const dataCases: readonly CaseDefinition[] = [
  {
    name: "bytes flow both ways, in order and intact; the chunks passed to onData are never reused",
    async run({ transport }) {
      await withPeerServer({ greeting, echo: true }, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        const peer = await server.accepted();
        await waitUntil(() => recorder.receivedLength() >= greeting.length, 5000, "the greeting");
        // 300 writes of 1..7000 bytes, issued without waiting for each other: order must still hold.
        const parts = Array.from({ length: 300 }, (_, index) =>
          patternBytes(1 + ((index * 7919) % 7000), index + 1),
        );
        await Promise.all(parts.map((part) => socket.write(part)));
        const sent = concat(parts);
        await waitUntil(() => recorder.receivedLength() >= greeting.length + sent.length, 10_000, "the echo");
        checkSameBytes(peer.received(), sent, "bytes the peer read");
        // The recorder kept every chunk as passed: a transport reusing its read buffer corrupts this.
        checkSameBytes(recorder.received(), concat([greeting, sent]), "bytes passed to onData");
        check(
          recorder.chunks.every((chunk) => chunk instanceof Uint8Array && chunk.length > 0),
          "onData received an empty chunk or something other than a Uint8Array",
        );
        await socket.close();
        check(recorder.dataAfterClose === 0, "onData was called after onClose");
      });
    },
  },
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
];
