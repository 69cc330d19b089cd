// Test-only: the smallest AMI server that logs anyone in and answers Ping, with no recording at all, so
// a test can measure the client's own memory. `Never` is never answered.
import { AmiDecoder, encodePacket } from "@amikit/codec";
import type { AmiSocketHandlers, AmiTransport } from "../transport.ts";

const greeting = new TextEncoder().encode("Asterisk Call Manager/11.0.0\r\n");

/** An in-memory transport to a server answering Login, Ping and Logoff; answers are batched per tick. */
export function pingServer(): AmiTransport {
  return {
    specificationVersion: "v1",
    name: "ping-server",
    async open(_target, handlers: AmiSocketHandlers) {
      const decoder = new AmiDecoder();
      let closed = false;
      let outgoing: Uint8Array[] = [];
      const flush = () => {
        const chunks = outgoing;
        outgoing = [];
        const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
        const merged = new Uint8Array(size);
        let offset = 0;
        for (const chunk of chunks) {
          merged.set(chunk, offset);
          offset += chunk.length;
        }
        if (!closed) handlers.onData(merged);
      };
      const send = (fields: Record<string, string>) => {
        if (outgoing.length === 0) setTimeout(flush, 0);
        outgoing.push(encodePacket(fields));
      };
      const close = () => {
        if (closed) return;
        setTimeout(() => {
          flush();
          closed = true;
          handlers.onClose();
        }, 0);
      };
      setTimeout(() => handlers.onData(greeting), 0);
      return {
        secure: false,
        async write(chunk: Uint8Array) {
          for (const packet of decoder.push(chunk)) {
            const ActionID = packet.actionId ?? "";
            const action = packet.name.toLowerCase();
            if (action === "login")
              send({ Response: "Success", ActionID, Message: "Authentication accepted" });
            else if (action === "ping") send({ Response: "Success", ActionID, Ping: "Pong" });
            else if (action === "logoff") {
              send({ Response: "Goodbye", ActionID, Message: "Thanks for all the fish." });
              close();
            }
          }
        },
        async close() {
          close();
        },
      };
    },
  };
}
