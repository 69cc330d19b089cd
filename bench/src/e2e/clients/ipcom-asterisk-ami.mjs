import { createRequire } from "node:module";
import { objectMultimap } from "../../decode/drivers/object-fields.mjs";

const require = createRequire(import.meta.url);
/** Added by the library to every event; not a header. */
const NOT_HEADERS = new Set(["TimeEvent", "Request"]);

/** @type {import("./client.mjs").E2eClient} */
export default {
  name: "@ipcom/asterisk-ami",
  label: "@ipcom/asterisk-ami",
  packageName: "@ipcom/asterisk-ami",
  how: "`new eAmi({ host, port, userName, password, additionalOptions: { reconnect: false, emitAllEvents: true } })`, `events.on('events', …)`, `connect()`; Ping: `actions.Ping()`.",
  async connect({ port, onEvent }) {
    const { eAmi } = require("@ipcom/asterisk-ami");
    const ami = new eAmi({
      host: "127.0.0.1",
      port,
      userName: "bench",
      password: "bench",
      additionalOptions: { reconnect: false, emitAllEvents: true, debug: false },
    });
    ami.events.on("events", onEvent);
    await ami.connect();
    return {
      ping: () => ami.actions.Ping(),
      close: () => ami.destroySocket(),
    };
  },
  fields: (event) => objectMultimap(event, NOT_HEADERS),
};
