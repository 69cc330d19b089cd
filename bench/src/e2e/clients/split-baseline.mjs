import net from "node:net";
import { objectMultimap } from "../../decode/drivers/object-fields.mjs";
import { splitBaselineDriver } from "../../decode/drivers/split-baseline.mjs";

/**
 * The decode benchmark's `split-baseline` reader on a plain socket: each packet decoded to a string and
 * split into a plain object; responses matched to Pings by ActionID through a Map.
 * @type {import("./client.mjs").E2eClient}
 */
export default {
  name: "split-baseline",
  label: "`split-baseline`",
  packageName: undefined,
  how: "`net.connect`, the decode benchmark's split-baseline reader on `data` (TextDecoder per packet, split into a plain object); Ping: one `socket.write` per Ping, answers matched by ActionID in a `Map`.",
  async connect({ port, onEvent }) {
    const socket = net.connect(port, "127.0.0.1");
    socket.setNoDelay(true);
    /** @type {Map<string, (response: Record<string, string>) => void>} */
    const pending = new Map();
    let nextId = 0;
    const session = splitBaselineDriver().open?.((packet) => {
      if (packet.Event !== undefined) {
        onEvent(packet);
        return;
      }
      const id = packet.ActionID;
      const resolve = id === undefined ? undefined : pending.get(id);
      if (resolve) {
        pending.delete(id);
        resolve(packet);
      }
    });
    if (!session) throw new Error("split-baseline driver cannot open");
    let greeted = false;
    socket.on("data", (chunk) => {
      if (!greeted) {
        const lineEnd = chunk.indexOf(10);
        if (lineEnd < 0) return;
        greeted = true;
        chunk = chunk.subarray(lineEnd + 1);
      }
      session.feed(chunk);
    });
    await new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const request = (action) =>
      new Promise((resolve) => {
        const id = String(nextId++);
        pending.set(id, resolve);
        socket.write(
          `Action: ${action}\r\nActionID: ${id}\r\n${action === "Login" ? "Username: bench\r\nSecret: bench\r\n" : ""}\r\n`,
        );
      });
    await request("Login");
    return {
      ping: () => request("Ping"),
      close: () => socket.destroy(),
    };
  },
  fields: (event) => objectMultimap(event),
};
