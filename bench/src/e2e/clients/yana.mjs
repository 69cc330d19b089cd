import { createRequire } from "node:module";
import { objectMultimap } from "../../decode/drivers/object-fields.mjs";

const require = createRequire(import.meta.url);

/** @type {import("./client.mjs").E2eClient} */
export default {
  name: "yana",
  label: "yana",
  packageName: "yana",
  how: "`new AMI({ port, host, login, password, events: true })`, `on('event', …)`, `connect(callback)`; Ping: `send({ Action: 'Ping' }, callback)`.",
  async connect({ port, onEvent }) {
    const AMI = require("yana");
    const ami = new AMI({ port, host: "127.0.0.1", login: "bench", password: "bench", events: true });
    ami.on("event", onEvent);
    await new Promise((resolve, reject) => {
      ami.once("error", reject);
      ami.connect(resolve);
    });
    return {
      ping: () => new Promise((resolve) => ami.send({ Action: "Ping" }, resolve)),
      close: () => ami.disconnect(),
    };
  },
  fields: (event) => objectMultimap(event),
};
