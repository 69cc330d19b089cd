import { createRequire } from "node:module";
import { objectMultimap } from "../../decode/drivers/object-fields.mjs";

const require = createRequire(import.meta.url);

/** @type {import("./client.mjs").E2eClient} */
export default {
  name: "asterisk-ami-client",
  label: "asterisk-ami-client",
  packageName: "asterisk-ami-client",
  how: "`new AmiClient({ reconnect: false, keepAlive: false })`, `on('event', …)`, `connect(user, secret, { host, port })`; Ping: `action({ Action: 'Ping' }, true)` (a promise).",
  async connect({ port, onEvent }) {
    const AmiClient = require("asterisk-ami-client");
    const client = new AmiClient({ reconnect: false, keepAlive: false });
    client.on("event", onEvent);
    await client.connect("bench", "bench", { host: "127.0.0.1", port });
    return {
      ping: () => client.action({ Action: "Ping" }, true),
      close: () => client.disconnect(),
    };
  },
  fields: (event) => objectMultimap(event),
};
