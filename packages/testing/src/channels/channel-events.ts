import type { FieldList } from "../fields.ts";
import type { ChannelState } from "./channel.ts";

// Builders for the channel events of a Local-channel call, header for header as Asterisk 22 sends them
// (see originate-call.jsonl and originate-sync-fail.jsonl in the shared transcripts).

function head(event: string, privilege: string): FieldList {
  return [
    ["Event", event],
    ["Privilege", privilege],
  ];
}

/** @internal */
export function newchannel(channel: ChannelState, vars: readonly string[]): FieldList {
  return [...head("Newchannel", "call,all"), ...channel.snapshot(vars)];
}

/** @internal */
export function newexten(channel: ChannelState, vars: readonly string[]): FieldList {
  return [
    ...head("Newexten", "dialplan,all"),
    ...channel.snapshot(vars),
    ["Extension", channel.exten],
    ["Application", channel.application],
    ["AppData", channel.applicationData],
  ];
}

/** @internal */
export function varSet(
  channel: ChannelState,
  vars: readonly string[],
  name: string,
  value: string,
): FieldList {
  return [...head("VarSet", "dialplan,all"), ...channel.snapshot(vars), ["Variable", name], ["Value", value]];
}

/** @internal */
export function newCallerid(channel: ChannelState, vars: readonly string[]): FieldList {
  return [
    ...head("NewCallerid", "call,all"),
    ...channel.snapshot(vars),
    // An unknown number is presented as unavailable (recorded in attended-transfer.jsonl).
    [
      "CID-CallingPres",
      channel.callerIdNum === "<unknown>"
        ? "67 (Number Unavailable)"
        : "0 (Presentation Allowed, Not Screened)",
    ],
  ];
}

/** @internal */
export function newConnectedLine(channel: ChannelState, vars: readonly string[]): FieldList {
  return [...head("NewConnectedLine", "call,all"), ...channel.snapshot(vars)];
}

/** @internal */
export function newstate(channel: ChannelState, vars: readonly string[]): FieldList {
  return [...head("Newstate", "call,all"), ...channel.snapshot(vars)];
}

/**
 * @internal `LocalBridge`; `LocalOptimization: No` when the Local channel was asked for with the `n` option
 * (core_local.c: `AST_UNREAL_NO_OPTIMIZATION`; recorded: `Local/tone@test/n`, the queue members `…/n`).
 */
export function localBridge(
  one: ChannelState,
  two: ChannelState,
  vars: readonly string[],
  dialString = "",
): FieldList {
  return [
    ...head("LocalBridge", "call,all"),
    ...one.snapshot(vars, "LocalOne"),
    ...two.snapshot(vars, "LocalTwo"),
    ["Context", two.context],
    ["Exten", two.exten],
    ["LocalOptimization", noOptimisation(dialString) ? "No" : "Yes"],
  ];
}

/** @internal Whether a Local dial string (`exten@context/options`) carries the `n` option. */
export function noOptimisation(dialString: string): boolean {
  return /\/[a-z]*n[a-z]*$/i.test(dialString);
}

/**
 * @internal `DialBegin`: the calling channel's snapshot (absent for an Originate, which has none), then the
 * dialled one's with the `Dest` prefix, then `DialString` (main/manager_channels.c `channel_dial_cb`).
 */
export function dialBegin(
  destination: ChannelState,
  vars: readonly string[],
  dialString: string,
  caller?: ChannelState,
): FieldList {
  return [
    ...head("DialBegin", "call,all"),
    ...(caller === undefined ? [] : caller.snapshot(vars)),
    ...destination.snapshot(vars, "Dest"),
    ["DialString", dialString],
  ];
}

/** @internal `DialEnd`: as {@link dialBegin}, ending with `DialStatus`. */
export function dialEnd(
  destination: ChannelState,
  vars: readonly string[],
  status: string,
  caller?: ChannelState,
): FieldList {
  return [
    ...head("DialEnd", "call,all"),
    ...(caller === undefined ? [] : caller.snapshot(vars)),
    ...destination.snapshot(vars, "Dest"),
    ["DialStatus", status],
  ];
}

/**
 * @internal `Hold`: the channel snapshot, then `MusicClass` when one was given (main/manager_channels.c
 * `channel_hold_cb` leaves the header out for an empty class; hold.jsonl shows `MusicClass: default`).
 */
export function holdEvent(channel: ChannelState, vars: readonly string[], musicClass: string): FieldList {
  const fields: FieldList = [...head("Hold", "call,all"), ...channel.snapshot(vars)];
  if (musicClass !== "") fields.push(["MusicClass", musicClass]);
  return fields;
}

/** @internal `Unhold`: the channel snapshot only (hold.jsonl). */
export function unholdEvent(channel: ChannelState, vars: readonly string[]): FieldList {
  return [...head("Unhold", "call,all"), ...channel.snapshot(vars)];
}

/** @internal */
export function deviceStateChange(device: string, state: string): FieldList {
  return [...head("DeviceStateChange", "call,all"), ["Device", device], ["State", state]];
}

/** @internal */
export function softHangupRequest(channel: ChannelState, vars: readonly string[], cause: number): FieldList {
  return [...head("SoftHangupRequest", "call,all"), ...channel.snapshot(vars), ["Cause", String(cause)]];
}

/** @internal */
export function hangupRequest(channel: ChannelState, vars: readonly string[], cause: number): FieldList {
  return [...head("HangupRequest", "call,all"), ...channel.snapshot(vars), ["Cause", String(cause)]];
}

// main/channel.c causes[]: 18 is NO_USER_RESPONSE, 19 is NO_ANSWER, 26 ANSWERED_ELSEWHERE (recorded: the
// ringall member cancelled in queue-call.jsonl).
const CAUSE_TEXT: Readonly<Record<number, string>> = {
  0: "Unknown",
  1: "Unallocated (unassigned) number",
  16: "Normal Clearing",
  17: "User busy",
  18: "No user responding",
  19: "User alerting, no answer",
  21: "Call Rejected",
  26: "Answered elsewhere",
  34: "Circuit/channel congestion",
};

/** @internal */
export function hangup(channel: ChannelState, vars: readonly string[], cause: number): FieldList {
  return [
    ...head("Hangup", "call,all"),
    ...channel.snapshot(vars),
    ["Cause", String(cause)],
    ["Cause-txt", CAUSE_TEXT[cause] ?? "Unknown"],
  ];
}

/** @internal `UserEvent` raised by the dialplan application `UserEvent(name,Header: value,...)`. */
export function dialplanUserEvent(channel: ChannelState, vars: readonly string[], data: string): FieldList {
  const [name = "", ...headers] = data.split(",");
  const fields: FieldList = [
    ...head("UserEvent", "user,all"),
    ...channel.snapshot(vars),
    ["UserEvent", name],
  ];
  for (const header of headers) {
    const colon = header.indexOf(":");
    if (colon < 0) continue;
    fields.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
  }
  return fields;
}

/** @internal The facts of one call detail record. */
export interface CdrRecord {
  readonly source: string;
  readonly destination: string;
  readonly destinationContext: string;
  readonly callerId: string;
  readonly channel: string;
  readonly destinationChannel: string;
  readonly lastApplication: string;
  readonly lastData: string;
  readonly start: number;
  readonly answer: number | undefined;
  readonly end: number;
  readonly uniqueid: string;
  readonly userField: string;
}

function cdrTime(epochMs: number | undefined): string {
  return epochMs === undefined ? "" : new Date(epochMs).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * @internal `Cdr`, in the header order of cdr/cdr_manager.c `manager_log()` with `EVENT_FLAG_CDR` (not in
 * the recordings; the source index holds that function only from pre-22 releases, whose header list is the
 * same across 1.8–11). Times are `%Y-%m-%d %T` in the server's local time; the fake prints UTC.
 */
export function cdrEvent(record: CdrRecord): FieldList {
  const seconds = (from: number) => String(Math.floor((record.end - from) / 1000));
  return [
    ...head("Cdr", "cdr,all"),
    ["AccountCode", ""],
    ["Source", record.source],
    ["Destination", record.destination],
    ["DestinationContext", record.destinationContext],
    ["CallerID", record.callerId],
    ["Channel", record.channel],
    ["DestinationChannel", record.destinationChannel],
    ["LastApplication", record.lastApplication],
    ["LastData", record.lastData],
    ["StartTime", cdrTime(record.start)],
    ["AnswerTime", cdrTime(record.answer)],
    ["EndTime", cdrTime(record.end)],
    ["Duration", seconds(record.start)],
    ["BillableSeconds", record.answer === undefined ? "0" : seconds(record.answer)],
    ["Disposition", record.answer === undefined ? "NO ANSWER" : "ANSWERED"],
    ["AMAFlags", "DOCUMENTATION"],
    ["UniqueID", record.uniqueid],
    ["UserField", record.userField],
  ];
}
