import { packageVersion } from "./package-version.mjs";

/**
 * amikit's `AmiDecoder`: each chunk goes to `push`, every returned `AmiPacket` is handed on. It must be
 * lossless, so its `fields` are compared exactly (keys as sent, wire order), plus `type` and `name`.
 * Loaded lazily so the benchmark still runs (and says so) before @amikit/codec is built.
 * @returns {Promise<import("./driver.mjs").DecodeDriver>}
 */
export async function amikitDriver() {
  const base = {
    name: "amikit",
    label: "amikit `AmiDecoder`",
    drivenBy:
      "`new AmiDecoder()`; every chunk → `decoder.push(chunk)`, each returned `AmiPacket` counted and its `fields` read; `end()` at the end.",
  };
  let AmiDecoder;
  try {
    ({ AmiDecoder } = await import("@amikit/codec"));
  } catch (error) {
    return { ...base, version: "-", unavailable: `@amikit/codec failed to load: ${error.message}` };
  }
  if (typeof AmiDecoder !== "function") {
    return {
      ...base,
      version: "-",
      unavailable: "@amikit/codec does not export AmiDecoder yet (build it first)",
    };
  }
  return {
    ...base,
    version: packageVersion("@amikit/codec"),
    exact: true,
    open(onPacket) {
      const decoder = new AmiDecoder();
      return {
        feed(chunk) {
          const packets = decoder.push(chunk);
          for (let index = 0; index < packets.length; index++) onPacket(packets[index]);
        },
        end() {
          decoder.end();
        },
      };
    },
    // Timed runs read `fields`, so a decoder that parsed lazily would still pay for the full packet.
    consume: (packet) => packet.fields.length,
    exactFields: (packet) => packet.fields,
    shapeOk: (packet, expected) => packet.type === "event" && packet.name === expected[0]?.[1],
  };
}
