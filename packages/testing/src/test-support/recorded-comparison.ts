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

/**
 * For each client write, how many complete server packets (greeting included) preceded it, and when it was
 * sent (`at`: milliseconds since the connection was made, as recorded).
 */
export function clientWritesWithProgress(
  entries: readonly TranscriptEntry[],
): { text: string; after: number; at: number }[] {
  let serverText = "";
  const writes: { text: string; after: number; at: number }[] = [];
  for (const entry of entries) {
    if (entry.dir === "s2c") serverText += entry.text ?? "";
    else if (entry.dir === "c2s")
      writes.push({ text: entry.text ?? "", after: splitServerText(serverText).length, at: entry.t });
  }
  return writes;
}

const EVENT_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
const ADDRESS = /^IPV4\/TCP\/127\.0\.0\.1\/\d+$/;
const GENERATED_UNIQUEID = /^\d+\.\d+$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Dial's timers on the caller (app_dial.c): how long the call rang, talked, was dialled. */
const DIAL_TIMER = /^(ANSWERED|DIALED|RING|PROGRESS)TIME(_MS)?$/;

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
 * (`1795712925.6`) and bridge UUIDs in order of first appearance so that links between them still have
 * to hold, and masks the seconds of `core show uptime` and the numbers of Dial's timer variables.
 */
export function normalizePackets(packets: readonly string[]): string[] {
  const ids = new Map<string, string>();
  const bridges = new Map<string, string>();
  return packets.map((packet) => normalizePacket(packet, ids, bridges));
}

function normalizePacket(packet: string, ids: Map<string, string>, bridges: Map<string, string>): string {
  const timer =
    /^Event: VarSet\r\n/.test(packet) && DIAL_TIMER.test(/\r\nVariable: (.*)/.exec(packet)?.[1] ?? "");
  return packet
    .split("\r\n")
    .map((line) => {
      const colon = line.indexOf(": ");
      if (colon < 0) return line;
      const name = line.slice(0, colon);
      const value = line.slice(colon + 2);
      const pattern = VOLATILE_HEADERS[name];
      if (pattern?.test(value)) return `${name}: <${name}>`;
      if (/(Uniqueid|UniqueId|Linkedid)$/.test(name) && GENERATED_UNIQUEID.test(value)) {
        let id = ids.get(value);
        if (id === undefined) {
          id = `<uniqueid-${ids.size + 1}>`;
          ids.set(value, id);
        }
        return `${name}: ${id}`;
      }
      if (timer && name === "Value" && /^\d+$/.test(value)) return `${name}: <timer>`;
      if (/Bridge(Uniqueid|Id|ID)$/.test(name)) {
        const masked = value.replace(UUID, (uuid) => {
          let id = bridges.get(uuid);
          if (id === undefined) {
            id = `<bridge-${bridges.size + 1}>`;
            bridges.set(uuid, id);
          }
          return id;
        });
        if (masked !== value) return `${name}: ${masked}`;
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

/** The UUIDs in packets, in order of first appearance. */
function uuidsIn(packets: readonly string[]): string[] {
  const seen: string[] = [];
  for (const packet of packets)
    for (const uuid of packet.match(UUID) ?? []) if (!seen.includes(uuid)) seen.push(uuid);
  return seen;
}

/**
 * A recorded client write with each bridge UUID Asterisk had sent replaced by the one the fake sent in
 * the same place (the n-th UUID to appear), so that `BridgeInfo` asks the fake about its own bridge.
 */
export function withActualBridgeIds(
  text: string,
  recorded: readonly string[],
  actual: readonly string[],
): string {
  const recordedIds = uuidsIn(recorded);
  const actualIds = uuidsIn(actual);
  return text.replace(UUID, (uuid) => actualIds[recordedIds.indexOf(uuid)] ?? uuid);
}

/** Sorts the items of each CoreShowChannels and Status list (runs of those events with one ActionID). */
export function sortListItems(packets: readonly string[]): string[] {
  const result: string[] = [];
  let run: string[] = [];
  let key = "";
  const flush = () => {
    result.push(...run.sort());
    run = [];
  };
  for (const packet of packets) {
    const item = /^Event: (CoreShowChannel|Status)\r\n(?:ActionID: (.*)\r\n)?/.exec(packet);
    const itemKey = item === null ? "" : `${item[1]}/${item[2] ?? /\r\nActionID: (.*)/.exec(packet)?.[1]}`;
    if (itemKey !== key) flush();
    key = itemKey;
    if (item === null) result.push(packet);
    else run.push(packet);
  }
  flush();
  return result;
}
