/** What `amikit top` shows: the live state as text tables (sized to a width) or as JSON. */
import type {
  LiveBridge,
  LiveCall,
  LiveChange,
  LiveChannel,
  LiveConference,
  LiveDeviceState,
  LiveExtensionState,
  LiveState,
  LiveSyncStatus,
} from "@amikit/live";
import type { Palette } from "../format/colour.ts";
import { stripAnsi } from "../format/colour.ts";
import { formatDuration, formatParty, type TopTable } from "./top-cells.ts";
import type { TopSection } from "./top-options.ts";
import { queueTables } from "./top-queue-tables.ts";

/** Everything one frame of `amikit top` needs besides the state. */
export interface TopFrame {
  /** The live state to show. */
  readonly state: LiveState;
  /** The sections to show, in order. */
  readonly sections: readonly TopSection[];
  /** `user@host:port`. */
  readonly target: string;
  /** The sync status of the live state. */
  readonly status: LiveSyncStatus;
  /** The clock, ms since the epoch (durations are counted to it). */
  readonly now: number;
  /** Characters per line; longer lines are cut. */
  readonly width: number;
  /** Styles (no colour in pipes). */
  readonly colour: Palette;
  /**
   * Lines available (a terminal's height): tables share them, each cut to its share with a
   * `… n more` line, so every section stays in view. Absent: every row.
   */
  readonly height?: number;
}

export { formatDuration } from "./top-cells.ts";

function callState(call: LiveCall, channels: readonly LiveChannel[]): string {
  if (call.endedAt !== undefined) return "ended";
  if (channels.some((channel) => channel.onHold)) return "hold";
  if (call.answeredAt !== undefined || channels.some((channel) => channel.state === "Up")) return "up";
  if (channels.some((channel) => channel.state === "Ringing" || channel.state === "Ring")) return "ringing";
  return channels[0]?.state.toLowerCase() ?? "-";
}

function callsTable(state: LiveState, now: number): TopTable {
  const calls = [...state.calls.values()].sort((a, b) => a.startedAt - b.startedAt);
  return {
    title: "CALLS",
    headings: ["LINKEDID", "TIME", "STATE", "CALLER", "CHANNELS"],
    rows: calls.map((call) => {
      // The channel that started the call first, then the others as they were created.
      const channels = call.channels
        .map((id) => state.channels.get(id))
        .filter((channel): channel is LiveChannel => channel !== undefined)
        .sort(
          (a, b) =>
            Number(b.uniqueid === call.linkedid) - Number(a.uniqueid === call.linkedid) ||
            a.createdAt - b.createdAt,
        );
      const first = channels[0];
      return [
        call.linkedid,
        formatDuration((call.endedAt ?? now) - call.startedAt),
        callState(call, channels),
        first === undefined ? "-" : formatParty(first.callerId.number, first.callerId.name),
        channels.map((channel) => `${channel.name}${channel.onHold ? " (hold)" : ""}`).join(" → ") ||
          `${call.channels.length} channels`,
      ];
    }),
  };
}

function channelsTable(state: LiveState, now: number): TopTable {
  const channels = [...state.channels.values()].sort((a, b) => a.createdAt - b.createdAt);
  return {
    title: "CHANNELS",
    headings: ["CHANNEL", "TIME", "STATE", "CALLER", "WHERE"],
    rows: channels.map((channel) => [
      channel.name,
      formatDuration(now - channel.createdAt),
      `${channel.state}${channel.onHold ? " hold" : ""}`,
      formatParty(channel.callerId.number, channel.callerId.name),
      channel.application !== ""
        ? `${channel.application}(${channel.applicationData})`
        : `${channel.exten}@${channel.context}`,
    ]),
  };
}

function bridgesTable(state: LiveState): TopTable {
  const names = (bridge: LiveBridge) =>
    bridge.members.map((id) => state.channels.get(id)?.name ?? id).join(", ") || "-";
  return {
    title: "BRIDGES",
    headings: ["BRIDGE", "TYPE", "TECHNOLOGY", "MEMBERS"],
    rows: [...state.bridges.values()].map((bridge) => [
      bridge.name === "" || bridge.name === "<unknown>"
        ? bridge.uniqueid
        : `${bridge.name} ${bridge.uniqueid}`,
      bridge.type,
      bridge.technology,
      `${bridge.members.length}: ${names(bridge)}`,
    ]),
  };
}

function conferencesTable(state: LiveState): TopTable {
  const who = (conference: LiveConference) =>
    Object.values(conference.participants)
      .map((p) => `${p.channel}${p.muted ? " (muted)" : ""}${p.talking ? " (talking)" : ""}`)
      .join(", ") || "-";
  return {
    title: "CONFERENCES",
    headings: ["CONFERENCE", "LOCKED", "PARTICIPANTS"],
    rows: [...state.conferences.values()].map((conference) => [
      conference.name,
      conference.locked ? "yes" : "no",
      `${Object.keys(conference.participants).length}: ${who(conference)}`,
    ]),
  };
}

function devicesTable(state: LiveState): TopTable {
  return {
    title: "DEVICES",
    headings: ["DEVICE", "STATE"],
    rows: [...state.devices.values()]
      .sort((a, b) => a.device.localeCompare(b.device))
      .map((device: LiveDeviceState) => [device.device, device.state]),
  };
}

function extensionsTable(state: LiveState): TopTable {
  return {
    title: "EXTENSIONS",
    headings: ["EXTENSION", "HINT", "STATE"],
    rows: [...state.extensions.values()].map((extension: LiveExtensionState) => [
      `${extension.exten}@${extension.context}`,
      extension.hint,
      extension.statusText,
    ]),
  };
}

/** The tables of one section: one each, but queues come with their agents and waiting callers. */
function tablesOf(section: TopSection, state: LiveState, now: number): TopTable[] {
  switch (section) {
    case "calls":
      return [callsTable(state, now)];
    case "channels":
      return [channelsTable(state, now)];
    case "bridges":
      return [bridgesTable(state)];
    case "queues":
      return queueTables(state, now);
    case "conferences":
      return [conferencesTable(state)];
    case "devices":
      return [devicesTable(state)];
    case "extensions":
      return [extensionsTable(state)];
  }
}

/** Cuts a line to `width` characters (counting what is visible), marking the cut with `…`. */
export function fitLine(line: string, width: number): string {
  if (width <= 0 || stripAnsi(line).length <= width) return line;
  return `${stripAnsi(line).slice(0, Math.max(0, width - 1))}…`;
}

/**
 * How many rows of each table fit in `budget` lines: handed out one row at a time to each table that
 * has more, so a long table cannot push the others off the screen.
 */
export function allotRows(counts: readonly number[], budget: number): number[] {
  const shown = counts.map(() => 0);
  let left = Math.max(0, budget);
  let progress = true;
  while (left > 0 && progress) {
    progress = false;
    for (const [index, count] of counts.entries()) {
      if (left === 0) break;
      if ((shown[index] ?? 0) >= count) continue;
      shown[index] = (shown[index] ?? 0) + 1;
      left--;
      progress = true;
    }
  }
  return shown;
}

function renderTable(
  table: TopTable,
  width: number,
  colour: Palette,
  limit = Number.POSITIVE_INFINITY,
): string[] {
  const columns = table.headings.length;
  const widths = table.headings.map((heading, index) =>
    index === columns - 1
      ? 0
      : Math.max(heading.length, ...table.rows.map((row) => (row[index] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => (index === columns - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join("  ")
      .trimEnd();
  return [
    colour.bold(`${table.title} (${table.rows.length})`),
    colour.dim(fitLine(line(table.headings), width)),
    ...(table.rows.length <= limit
      ? table.rows.map((row) => fitLine(line(row), width))
      : limit <= 0
        ? [] // no line left: the title's count says how many rows there are
        : [
            ...table.rows.slice(0, Math.max(0, limit - 1)).map((row) => fitLine(line(row), width)),
            colour.dim(`… ${table.rows.length - Math.max(0, limit - 1)} more`),
          ]),
  ];
}

/**
 * The text of one frame: a header line (target, sync status, time), then the tables of each section (the
 * queues section has three: queues, agents, waiting callers), each line cut to the width. Used both for the live screen and for `--once`.
 */
export function renderFrame(frame: TopFrame): string[] {
  const { state, status, colour } = frame;
  const statusText =
    status.state === "synced"
      ? colour.green("synced")
      : status.state === "failed"
        ? colour.red(`sync failed: ${status.error?.message ?? "unknown error"}`)
        : colour.yellow(status.state);
  const clock = new Date(frame.now).toISOString().slice(11, 19);
  const header = `amikit top — ${frame.target} — ${statusText} — ${clock} UTC`;
  const lines = [fitLine(header, frame.width)];
  const tables = frame.sections.flatMap((section) => tablesOf(section, state, frame.now));
  // Each table takes a blank line, its title and its headings besides its rows.
  const limits =
    frame.height === undefined
      ? tables.map(() => Number.POSITIVE_INFINITY)
      : allotRows(
          tables.map((table) => table.rows.length),
          frame.height - 1 - 3 * tables.length,
        );
  for (const [index, table] of tables.entries()) {
    lines.push("", ...renderTable(table, frame.width, colour, limits[index]));
  }
  return lines;
}

/** The collections each section reads from the state, for the JSON output. */
const sectionCollections: Record<TopSection, keyof LiveState> = {
  calls: "calls",
  channels: "channels",
  bridges: "bridges",
  queues: "queues",
  conferences: "conferences",
  devices: "devices",
  extensions: "extensions",
};

/** Turns `undefined` fields into `null`, so every entity has the same keys in JSON. */
function jsonValue(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, field: unknown) => (field === undefined ? null : field)));
}

/** An entity as JSON: its fields, without the queue's internal `counted` bookkeeping. */
function jsonEntity(entity: unknown): unknown {
  if (entity !== null && typeof entity === "object" && "counted" in entity) {
    const { counted: _counted, ...rest } = entity as Record<string, unknown>;
    return jsonValue(rest);
  }
  return jsonValue(entity);
}

/**
 * The state as one JSON document: `{ type: "snapshot", time, syncs, calls: […], … }` with an array of
 * entities for each section (calls always come with their channels, so `channels` is there too).
 */
export function snapshotDocument(
  state: LiveState,
  sections: readonly TopSection[],
  status: LiveSyncStatus,
  now: number,
): Record<string, unknown> {
  const document: Record<string, unknown> = {
    type: "snapshot",
    time: new Date(now).toISOString(),
    syncs: status.syncs,
  };
  const collections = new Set(sections.map((section) => sectionCollections[section]));
  if (collections.has("calls")) collections.add("channels");
  for (const collection of collections) {
    document[collection] = [...(state[collection] as ReadonlyMap<string, unknown>).values()].map(jsonEntity);
  }
  return document;
}

/** One batch of changes as one JSON document: `{ type: "changes", time, changes: [{ collection, kind, key, why, after }] }`. */
export function changesDocument(changes: readonly LiveChange[], now: number): Record<string, unknown> {
  return {
    type: "changes",
    time: new Date(now).toISOString(),
    changes: changes.map((change) => ({
      collection: change.collection,
      kind: change.kind,
      key: change.key,
      why: change.why,
      after: change.after === undefined ? null : jsonEntity(change.after),
    })),
  };
}
