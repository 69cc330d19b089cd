import { fieldMultimap } from "../../corpus/fields.mjs";

/**
 * `split-baseline`: the naive reader every AMI library is a variant of, written without tricks, as the
 * yardstick. It finds `\r\n\r\n` in the bytes, decodes each packet with `TextDecoder`, splits it on CRLF and
 * each line on its first `": "` into a plain object (repeated keys: last one wins).
 * @returns {import("./driver.mjs").DecodeDriver}
 */
export function splitBaselineDriver() {
  return {
    name: "split-baseline",
    label: "`split-baseline`",
    version: "-",
    drivenBy:
      'in-bench reader: find `\\r\\n\\r\\n` in the bytes (keeping an unfinished packet for the next chunk), `TextDecoder.decode` the packet, `split("\\r\\n")`, each line split at its first `": "` into a plain object.',
    open(onPacket) {
      const decoder = new TextDecoder();
      /** @type {Uint8Array | null} */
      let pending = null;
      const emit = (bytes) => {
        const text = decoder.decode(bytes);
        const lines = text.split("\r\n");
        /** @type {Record<string, string>} */
        const packet = {};
        for (let index = 0; index < lines.length; index++) {
          const line = lines[index] ?? "";
          const separator = line.indexOf(": ");
          if (separator >= 0) packet[line.slice(0, separator)] = line.slice(separator + 2);
        }
        onPacket(packet);
      };
      return {
        feed(chunk) {
          let bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          if (pending !== null) {
            const joined = new Uint8Array(pending.length + bytes.length);
            joined.set(pending);
            joined.set(bytes, pending.length);
            bytes = joined;
            pending = null;
          }
          let start = 0;
          let from = 0;
          for (;;) {
            const cr = bytes.indexOf(13, from);
            if (cr < 0 || cr + 3 >= bytes.length) break;
            if (bytes[cr + 1] === 10 && bytes[cr + 2] === 13 && bytes[cr + 3] === 10) {
              emit(bytes.subarray(start, cr));
              start = cr + 4;
              from = start;
            } else {
              from = cr + 1;
            }
          }
          if (start < bytes.length) pending = bytes.slice(start);
        },
        end() {
          if (pending !== null) throw new Error("split-baseline: stream ended inside a packet");
        },
      };
    },
    fields: (packet) => fieldMultimap(Object.entries(packet)),
  };
}
