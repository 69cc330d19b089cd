import type { Palette } from "./colour.ts";

/**
 * An AMI packet as the client hands it over: header names exactly as sent, values as strings, a repeated
 * header as an array of its values.
 */
export type PacketFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Returns the values of a header as a list (empty when absent). */
export function headerValues(fields: PacketFields, name: string): readonly string[] {
  const value = fields[name];
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : value;
}

/** Returns the first value of a header, or `undefined`. */
export function headerValue(fields: PacketFields, name: string): string | undefined {
  return headerValues(fields, name)[0];
}

/**
 * Chooses the colour of an event or response name: hang-ups and errors red, call set-up green, bridges
 * magenta, security and warnings yellow, everything else blue.
 */
export function colourForName(name: string, palette: Palette): (text: string) => string {
  if (/Hangup|Error|Fail|Denied/i.test(name)) return palette.red;
  if (/^(Newchannel|Newstate|Dial|Originate|Success|Answer)/i.test(name)) return palette.green;
  if (/^(Bridge|LocalBridge)/.test(name)) return palette.magenta;
  if (/^(RequestBad|Invalid|Challenge|Unexpected|Security)/.test(name)) return palette.yellow;
  return palette.blue;
}

/**
 * Formats a packet as a readable block of `Key: value` lines, the way AMI itself writes it, with the
 * `Event` / `Response` line highlighted, and a blank line after it. Repeated headers print one line per
 * value, in order.
 */
export function formatBlock(fields: PacketFields, palette: Palette): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const values = typeof value === "string" ? [value] : value;
    for (const item of values) {
      if (key === "Event" || key === "Response") {
        lines.push(`${palette.dim(`${key}:`)} ${palette.bold(colourForName(item, palette)(item))}`);
      } else {
        lines.push(`${palette.cyan(key)}${palette.dim(":")} ${item}`);
      }
    }
  }
  return `${lines.join("\n")}\n\n`;
}

/** Formats a packet as one line of JSON (NDJSON), repeated headers as arrays. */
export function formatJsonLine(fields: PacketFields): string {
  return `${JSON.stringify(fields)}\n`;
}

/** Headers shown by {@link formatSummary} for events it has no special line for, in order of preference. */
const summaryHeaders = [
  "ChannelStateDesc",
  "CallerIDNum",
  "Exten",
  "Response",
  "Reason",
  "Device",
  "State",
  "UserEvent",
  "Variable",
  "Value",
  "Application",
  "Status",
  "Queue",
  "Message",
] as const;

/** The interesting part of well-known call events, as short text. */
function eventDetail(name: string, fields: PacketFields): string | undefined {
  const get = (header: string) => {
    const value = headerValue(fields, header);
    return value === undefined || value === "" || value === "<unknown>" ? undefined : value;
  };
  const join = (...parts: (string | undefined)[]) => parts.filter((part) => part !== undefined).join("  ");
  switch (name) {
    case "Newchannel":
      return join(
        get("ChannelStateDesc"),
        get("CallerIDNum") === undefined ? undefined : `${get("CallerIDNum")} → ${get("Exten") ?? "?"}`,
      );
    case "Newstate":
      return get("ChannelStateDesc");
    case "DialBegin":
      return `→ ${get("DestChannel") ?? "?"}`;
    case "DialEnd":
      return join(`→ ${get("DestChannel") ?? "?"}`, get("DialStatus"));
    case "BridgeCreate":
    case "BridgeDestroy":
    case "BridgeEnter":
    case "BridgeLeave":
      return join(
        `bridge ${(get("BridgeUniqueid") ?? "?").slice(0, 8)}`,
        get("BridgeNumChannels") && `(${get("BridgeNumChannels")} in)`,
      );
    case "Hangup":
      return join(get("ChannelStateDesc"), `cause ${get("Cause") ?? "?"} ${get("Cause-txt") ?? ""}`.trim());
    case "HangupRequest":
    case "SoftHangupRequest":
      return get("Cause") && `cause ${get("Cause")}`;
    case "OriginateResponse":
      return join(get("Response"), get("Reason") && `reason ${get("Reason")}`);
    case "DeviceStateChange":
      return join(get("Device"), get("State"));
    default:
      return undefined;
  }
}

/**
 * Formats an event as one short line: time, name, channel and what happened
 * (`12:00:01.250 Newchannel  PJSIP/alice-00000001  Ring  1001 → 1002`).
 */
export function formatSummary(fields: PacketFields, palette: Palette, now: Date = new Date()): string {
  const name = headerValue(fields, "Event") ?? headerValue(fields, "Response") ?? "?";
  const channel =
    headerValue(fields, "Channel") ??
    (name.startsWith("Dial") ? undefined : headerValue(fields, "DestChannel"));
  let detail = eventDetail(name, fields);
  if (detail === undefined) {
    const parts: string[] = [];
    for (const header of summaryHeaders) {
      const value = headerValue(fields, header);
      if (value === undefined || value === "" || value === "<unknown>") continue;
      parts.push(header === "ChannelStateDesc" ? value : `${palette.dim(`${header}=`)}${value}`);
      if (parts.length >= 4) break;
    }
    detail = parts.join(" ");
  }
  const time = palette.dim(clockTime(now));
  const label = palette.bold(colourForName(name, palette)(name.padEnd(18)));
  return `${time} ${label} ${channel === undefined ? "" : `${channel}  `}${detail}`.trimEnd();
}

/** `HH:MM:SS.mmm` in local time. */
export function clockTime(date: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
