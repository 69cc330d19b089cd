import { createRequire } from "node:module";
import { objectMultimap } from "./object-fields.mjs";
import { packageVersion } from "./package-version.mjs";

const require = createRequire(import.meta.url);

/**
 * yana 0.3.0: `AMI` reads through its `LineSocket` (a `net.Socket` subclass that splits 'data' into
 * 'line' events) and `_setupMessageBuffering`, which `connect()` installs after the greeting. We build
 * `new AMI(options)`, give it an unconnected `LineSocket`, install the same buffering, and emit each
 * chunk (a Buffer, as a socket without an encoding delivers) as the socket's 'data' event. yana's code then
 * splits lines, groups packets, parses them and emits `event`, which is counted.
 * @returns {import("./driver.mjs").DecodeDriver}
 */
export function yanaDriver() {
  const AMI = require("yana");
  const LineSocket = require("yana/line-socket");
  return {
    name: "yana",
    label: "yana",
    version: packageVersion("yana"),
    drivenBy:
      "`new AMI({ events: true })`; an unconnected `LineSocket` (its own `net.Socket` subclass) set as `ami.socket` and `ami._setupMessageBuffering()` installed, as `connect()` does after the greeting; each chunk (a Buffer) emitted as the socket's `data`; `event` emissions counted.",
    open(onPacket) {
      const ami = new AMI({ events: true });
      ami.socket = new LineSocket();
      ami._setupMessageBuffering();
      ami.on("event", onPacket);
      return {
        feed(chunk) {
          ami.socket.emit("data", chunk);
        },
        end() {
          ami.removeAllListeners();
          ami.socket.destroy();
        },
      };
    },
    fields: (packet) => objectMultimap(packet),
  };
}
