import { createRequire } from "node:module";
import { objectMultimap } from "../../decode/drivers/object-fields.mjs";

const require = createRequire(import.meta.url);

/** @type {import("./client.mjs").E2eClient} */
export default {
  name: "asterisk.io",
  label: "asterisk.io",
  packageName: "asterisk.io",
  how: "`aio.ami(host, port, user, secret)` (connects and logs in), `on('eventAny', …)`, wait for `ready`; Ping: `action('Ping', {}, callback)`.",
  async connect({ port, onEvent }) {
    const aio = require("asterisk.io");
    const ami = aio.ami("127.0.0.1", port, "bench", "bench");
    ami.on("eventAny", onEvent);
    await new Promise((resolve, reject) => {
      ami.once("ready", resolve);
      ami.once("error", reject);
    });
    return {
      ping: () => new Promise((resolve) => ami.action("Ping", {}, resolve)),
      close: () => ami.disconnect?.(),
    };
  },
  fields: (event) => objectMultimap(event),
};
