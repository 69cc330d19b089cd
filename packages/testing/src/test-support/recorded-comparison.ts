// Test-only: compares what the fake sends with what Asterisk 22 sent (the recordings in
// @amikit/test-support), after masking an explicit, narrow list of values that differ on every run.
import { splitServerText, type TranscriptEntry } from "@amikit/test-support";

/** The server's packets in a transcript (greeting first). */
export function recordedServerPackets(entries: readonly TranscriptEntry[]): string[] {
  return splitServerText(
    entries
      .filter((entry) => entry.dir === "s2c")
      .map((entry) => entry.text)
      .join(""),
  );
}

/** For each client write, how many complete server packets (greeting included) preceded it. */
export function clientWritesWithProgress(
  entries: readonly TranscriptEntry[],
): { text: string; after: number }[] {
  let serverText = "";
  const writes: { text: string; after: number }[] = [];
  for (const entry of entries) {
    if (entry.dir === "s2c") serverText += entry.text ?? "";
    else if (entry.dir === "c2s")
      writes.push({ text: entry.text ?? "", after: splitServerText(serverText).length });
  }
  return writes;
}

const EVENT_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
const ADDRESS = /^IPV4\/TCP\/127\.0\.0\.1\/\d+$/;
const GENERATED_UNIQUEID = /^\d+\.\d+$/;

/**
 * The values that differ on every run, by header, with the form they must have. Only a value of that
 * form is masked; anything else stays and makes the comparison fail.
 */
export const VOLATILE_HEADERS: Readonly<Record<string, RegExp>> = {
  Timestamp: /^\d+\.\d{6}$/,
  Uptime: /^\d+$/,
  LastReload: /^\d+$/,
  EventTV: EVENT_TIME,
  SessionTV: EVENT_TIME,
  SessionID: /^0x[0-9a-f]+$/,
  LocalAddress: ADDRESS,
  RemoteAddress: ADDRESS,
};

/**
 * Masks volatile values in packets (see {@link VOLATILE_HEADERS}), numbers generated uniqueids
 * (`1795712925.6`) in order of first appearance so that links between them still have to hold, and masks
 * the seconds of `core show uptime`.
 */
export function normalizePackets(packets: readonly string[]): string[] {
  const ids = new Map<string, string>();
  return packets.map((packet) => normalizePacket(packet, ids));
}

function normalizePacket(packet: string, ids: Map<string, string>): string {
  return packet
    .split("\r\n")
    .map((line) => {
      const colon = line.indexOf(": ");
      if (colon < 0) return line;
      const name = line.slice(0, colon);
      const value = line.slice(colon + 2);
      const pattern = VOLATILE_HEADERS[name];
      if (pattern?.test(value)) return `${name}: <${name}>`;
      if ((name.endsWith("Uniqueid") || name.endsWith("Linkedid")) && GENERATED_UNIQUEID.test(value)) {
        let id = ids.get(value);
        if (id === undefined) {
          id = `<uniqueid-${ids.size + 1}>`;
          ids.set(value, id);
        }
        return `${name}: ${id}`;
      }
      if (name === "Output" && /^(System uptime|Last reload): \d+ seconds?$/.test(value)) {
        return `${name}: ${value.replace(/\d+ seconds?$/, "<seconds>")}`;
      }
      return line;
    })
    .join("\r\n");
}

/** The header names of a packet, in order (its "shape"). */
export function packetShape(packet: string): string {
  return packet
    .split("\r\n")
    .filter((line) => line.length > 0)
    .map((line) => line.slice(0, Math.max(0, line.indexOf(":"))))
    .join("|");
}
