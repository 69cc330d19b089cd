import net from "node:net";
import { objectMultimap } from "../../decode/drivers/object-fields.mjs";

/**
 * `codec-baseline`: amikit's decoder (`@amikit/codec`) alone on a plain socket, with no client around
 * it. Every packet becomes the plain object `toObject()` gives (what `events$` and `action()` deliver);
 * its Ping run writes all Pings pre-encoded in one write, as count-baseline does, and checks each answer
 * against the Pings issued, keeping nothing. It is the ceiling of any client built on the codec: the
 * gap between it and the amikit row is what the client layer costs.
 * @type {import("./client.mjs").E2eClient}
 */
export default {
  name: "codec-baseline",
  label: "`codec-baseline` (`@amikit/codec` alone)",
  packageName: "@amikit/codec",
  how: "`net.connect`, `new AmiDecoder()`; every read → `decoder.push(chunk)`, every event packet → `toObject()`; Ping: all Pings pre-encoded in one `socket.write`, each answer decoded, `toObject()`ed and matched to its Ping by ActionID, nothing kept.",
  exactKeys: true,
  async connect({ port, onEvent }) {
    const { AmiDecoder } = await import("@amikit/codec");
    const socket = net.connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    const decoder = new AmiDecoder();
    /** @type {(response: Record<string, string | string[]>) => void} */
    let onResponse = () => {};
    socket.on("data", (chunk) => {
      for (const packet of decoder.push(chunk)) {
        if (packet.type === "event") onEvent(packet.toObject());
        else if (packet.type === "response") onResponse(packet.toObject());
      }
    });
    await new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    await new Promise((resolve) => {
      onResponse = resolve;
      socket.write("Action: Login\r\nActionID: login\r\nUsername: bench\r\nSecret: bench\r\n\r\n");
    });
    return {
      pingAll(count) {
        const answered = new Uint8Array(count);
        let remaining = count;
        return new Promise((resolve, reject) => {
          onResponse = (response) => {
            const id = Number(response.ActionID);
            if (response.Ping !== "Pong" || !(id >= 0 && id < count) || answered[id] === 1) {
              reject(new Error(`unexpected answer: ${JSON.stringify(response)}`));
              return;
            }
            answered[id] = 1;
            if (--remaining === 0) resolve(undefined);
          };
          const parts = [];
          for (let id = 0; id < count; id++) parts.push(`Action: Ping\r\nActionID: ${id}\r\n\r\n`);
          socket.write(parts.join(""));
        });
      },
      close: () => socket.destroy(),
    };
  },
  fields: (event) => objectMultimap(event, new Set(), false),
};
