import { createRequire } from "node:module";
import { StringDecoder } from "node:string_decoder";
import { objectMultimap } from "./object-fields.mjs";
import { packageVersion } from "./package-version.mjs";

const require = createRequire(import.meta.url);
/** ami-io's own bookkeeping on each event object (`incomingData` is the raw line array). */
const NOT_HEADERS = new Set(["variables", "incomingData"]);

/**
 * ami-io 1.2.1: `new Client(config)` with the documented `SilentLogger` (the default logger prints every
 * message). After login ami-io attaches `socket.on('data', data => this.splitMessages(data))` to a socket on
 * which it called `setEncoding(config.encoding)` (default and documented: `'ascii'`). We call that same
 * public `splitMessages` with each chunk decoded by a StringDecoder of the client's configured encoding;
 * the library then frames, parses (`AmiEvent`) and emits `event`, which is counted.
 * @returns {import("./driver.mjs").DecodeDriver}
 */
export function amiIoDriver() {
  const amiIo = require("ami-io");
  return {
    name: "ami-io",
    label: "ami-io",
    version: packageVersion("ami-io"),
    drivenBy:
      "`new Client({ logger: new SilentLogger() })` (default `encoding: 'ascii'`, as documented); each chunk decoded by a `StringDecoder` of that encoding (what its socket's `setEncoding` does) and passed to `client.splitMessages()`, the method its socket `data` handler calls; `event` emissions counted.",
    open(onPacket) {
      const client = new amiIo.Client({ logger: new amiIo.SilentLogger() });
      const decoder = new StringDecoder(client.config.encoding);
      client.on("event", onPacket);
      return {
        feed(chunk) {
          client.splitMessages(decoder.write(chunk));
        },
        end() {
          client.removeAllListeners();
        },
      };
    },
    fields: (packet) => objectMultimap(packet, NOT_HEADERS),
  };
}
