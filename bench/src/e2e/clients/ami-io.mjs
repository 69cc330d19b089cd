import { createRequire } from "node:module";
import { objectMultimap } from "../../decode/drivers/object-fields.mjs";

const require = createRequire(import.meta.url);
const NOT_HEADERS = new Set(["variables", "incomingData"]);

/** @type {import("./client.mjs").E2eClient} */
export default {
  name: "ami-io",
  label: "ami-io",
  packageName: "ami-io",
  how: "`createClient({ port, host, login, password, logger: new SilentLogger() })`, `on('event', …)`, `connect()`, wait for `connected`; Ping: `send(new Action.Ping(), callback)`.",
  async connect({ port, onEvent }) {
    const amiIo = require("ami-io");
    const client = amiIo.createClient({
      port,
      host: "127.0.0.1",
      login: "bench",
      password: "bench",
      logger: new amiIo.SilentLogger(),
    });
    client.on("event", onEvent);
    const connected = new Promise((resolve, reject) => {
      client.once("connected", resolve);
      client.once("incorrectLogin", () => reject(new Error("ami-io: incorrect login")));
      client.once("incorrectServer", () => reject(new Error("ami-io: incorrect server")));
    });
    client.connect();
    await connected;
    return {
      ping: () =>
        new Promise((resolve, reject) =>
          client.send(new amiIo.Action.Ping(), (error, data) => (error ? reject(error) : resolve(data))),
        ),
      close: () => client.disconnect(),
    };
  },
  fields: (event) => objectMultimap(event, NOT_HEADERS),
};
