import { EventEmitter } from "node:events";
import { createRequire } from "node:module";
import { StringDecoder } from "node:string_decoder";
import { objectMultimap } from "./object-fields.mjs";
import { packageVersion } from "./package-version.mjs";

const require = createRequire(import.meta.url);
const net = require("node:net");

/**
 * A stand-in for the `net.Socket` asterisk-manager creates: it records `setEncoding` and then hands
 * 'data' listeners exactly what a socket with that encoding hands them (strings from a StringDecoder,
 * which is what `Readable#setEncoding` uses).
 */
class SocketDouble extends EventEmitter {
  readyState = "open";
  /** @type {StringDecoder | null} */
  decoder = null;
  setKeepAlive() {}
  setNoDelay() {}
  /** @param {BufferEncoding} encoding */
  setEncoding(encoding) {
    this.decoder = new StringDecoder(encoding);
  }
  write() {
    return true;
  }
  end() {}
  /** @param {Buffer} chunk */
  receive(chunk) {
    this.emit("data", this.decoder ? this.decoder.write(chunk) : chunk);
  }
}

/**
 * asterisk-manager 0.2.0: its reader (`ManagerReader`) is private and only attached to the socket that
 * `connect()` opens with `net.createConnection`. We construct the manager exactly as a user does, swap
 * `net.createConnection` for the duration of `connect()` so it gets a socket double, and feed that double's
 * 'data' event. The library's own code then sets the UTF-8 encoding, splits lines, builds the objects and
 * emits `managerevent` (on `process.nextTick`, which is why every chunk is followed by a macrotask turn).
 * @returns {import("./driver.mjs").DecodeDriver}
 */
export function asteriskManagerDriver() {
  const Manager = require("asterisk-manager");
  return {
    name: "asterisk-manager",
    label: "asterisk-manager",
    version: packageVersion("asterisk-manager"),
    drivenBy:
      "`Manager()` built as documented; `connect()` gets a socket double (we swap `net.createConnection` during the call), whose `data` event receives each chunk decoded by the `StringDecoder` the library asked for with `setEncoding('utf-8')`; `managerevent` emissions counted.",
    open(onPacket) {
      const manager = Manager();
      const socket = new SocketDouble();
      const createConnection = net.createConnection;
      net.createConnection = () => socket;
      try {
        manager.connect(5038, "127.0.0.1");
      } finally {
        net.createConnection = createConnection;
      }
      manager.on("managerevent", onPacket);
      return {
        feed(chunk) {
          socket.receive(chunk);
        },
        end() {
          manager.removeAllListeners("managerevent");
        },
      };
    },
    fields: objectMultimap,
  };
}
