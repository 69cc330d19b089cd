import { createRequire } from "node:module";
import { objectMultimap } from "../../decode/drivers/object-fields.mjs";

const require = createRequire(import.meta.url);
const NOT_HEADERS = new Set(["lines", "EOL", "variables"]);

/** @type {import("./client.mjs").E2eClient} */
export default {
  name: "nami",
  label: "nami",
  packageName: "nami",
  how: "`new Nami({ host, port, username, secret, logLevel: -1 })`, `on('namiEvent', …)`, `open()`, wait for `namiConnected`; Ping: `send(new Actions.Ping(), callback)`.",
  async connect({ port, onEvent }) {
    const nami = require("nami");
    const client = new nami.Nami({
      host: "127.0.0.1",
      port,
      username: "bench",
      secret: "bench",
      logLevel: -1,
    });
    client.on("namiEvent", onEvent);
    const connected = new Promise((resolve, reject) => {
      client.once("namiConnected", resolve);
      client.once("namiLoginIncorrect", () => reject(new Error("nami: login incorrect")));
      client.once("namiInvalidPeer", () => reject(new Error("nami: invalid peer")));
    });
    client.open();
    await connected;
    return {
      ping: () => new Promise((resolve) => client.send(new nami.Actions.Ping(), resolve)),
      close: () => client.close(),
    };
  },
  // nami moves every `*variable*: name=value` header into one `variables` object (it does not keep which
  // header it came from); we count those entries as ChanVariable, the only such header in these events.
  fields: (event) => {
    const fields = objectMultimap(event, NOT_HEADERS);
    const entries = Object.entries(event.variables ?? {});
    if (entries.length > 0)
      fields.set(
        "chanvariable",
        entries.map(([name, value]) => ({ name, value: String(value) })),
      );
    return fields;
  },
};
