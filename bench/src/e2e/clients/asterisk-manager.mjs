import { createRequire } from "node:module";
import { objectMultimap } from "../../decode/drivers/object-fields.mjs";

const require = createRequire(import.meta.url);

/** @type {import("./client.mjs").E2eClient} */
export default {
  name: "asterisk-manager",
  label: "asterisk-manager",
  packageName: "asterisk-manager",
  how: "`new Manager(port, host, user, secret, true)` (connects and logs in), `on('managerevent', …)`; Ping: `action({ action: 'ping' }, callback)`.",
  async connect({ port, onEvent }) {
    const Manager = require("asterisk-manager");
    const ami = new Manager(port, "127.0.0.1", "bench", "bench", true);
    ami.on("managerevent", onEvent);
    await new Promise((resolve, reject) => {
      ami.once("connect", resolve);
      ami.once("error", reject);
    });
    return {
      ping: () =>
        new Promise((resolve, reject) =>
          ami.action({ action: "ping" }, (error, response) => (error ? reject(error) : resolve(response))),
        ),
      close: () => ami.disconnect(),
    };
  },
  fields: (event) => objectMultimap(event),
};
