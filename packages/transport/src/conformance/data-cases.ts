import { check, checkSameBytes, waitUntil } from "./assert.ts";
import type { CaseDefinition } from "./case.ts";
import { withPeerServer } from "./peer-server.ts";
import { concat, patternBytes, recordHandlers } from "./recorder.ts";

const greeting = new TextEncoder().encode("Asterisk Call Manager/11.0.0\r\n");

/** Moving bytes: order and integrity (backpressure: see `backpressure-cases.ts`). @internal */
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
];
