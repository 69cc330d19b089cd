import type { ChannelState } from "../channels/channel.ts";
import type { FieldList } from "../fields.ts";
import type { QueueCaller, QueueMemberState, QueueState } from "./queue-state.ts";

// The layouts of the events of a call through Queue(), as recorded (queue-call.jsonl).

/**
 * @internal QueueCallerJoin, QueueCallerLeave, QueueCallerAbandon: `Privilege: agent,all`, the caller's
 * snapshot, Queue, then `extra` (Position, Count / OriginalPosition, HoldTime). Recorded.
 */
export function callerEvent(
  event: "QueueCallerJoin" | "QueueCallerLeave" | "QueueCallerAbandon",
  caller: ChannelState,
  vars: readonly string[],
  queue: QueueState,
  extra: FieldList,
): FieldList {
  return [
    ["Event", event],
    ["Privilege", "agent,all"],
    ...caller.snapshot(vars),
    ["Queue", queue.name],
    ...extra,
  ];
}

/**
 * @internal AgentCalled, AgentConnect, AgentRingNoAnswer, AgentComplete: `Privilege: agent,all`, the
 * caller's snapshot, the member channel's (`Dest…`), Queue, Interface, MemberName, then `extra` (HoldTime,
 * RingTime, TalkTime, Reason). Recorded.
 */
export function agentEvent(
  event: "AgentCalled" | "AgentConnect" | "AgentRingNoAnswer" | "AgentComplete",
  caller: ChannelState,
  member: ChannelState,
  vars: readonly string[],
  queue: QueueState,
  queueMember: QueueMemberState,
  extra: FieldList = [],
): FieldList {
  return [
    ["Event", event],
    ["Privilege", "agent,all"],
    ...caller.snapshot(vars),
    ...member.snapshot(vars, "Dest"),
    ["Queue", queue.name],
    ["Interface", queueMember.interface],
    ["MemberName", queueMember.name],
    ...extra,
  ];
}

/**
 * @internal A QueueStatus `QueueEntry` item (no Privilege; ActionID comes last): Queue, Position, Channel,
 * Uniqueid, caller ID, connected line, Wait (seconds), Priority. Recorded.
 */
export function queueEntryItem(
  queue: QueueState,
  entry: QueueCaller,
  position: number,
  now: number,
): FieldList {
  const channel = entry.channel;
  return [
    ["Event", "QueueEntry"],
    ["Queue", queue.name],
    ["Position", String(position)],
    ["Channel", channel.name],
    ["Uniqueid", channel.uniqueid],
    ["CallerIDNum", channel.callerIdNum],
    ["CallerIDName", channel.callerIdName],
    ["ConnectedLineNum", channel.connectedLineNum],
    ["ConnectedLineName", channel.connectedLineName],
    ["Wait", String(wholeSeconds(entry.joinedAt, now))],
    ["Priority", "0"],
  ];
}

/**
 * @internal `DialState` (main/stasis_channels.c, as recorded): the dialling channel's snapshot when there is
 * one (none for an Originate's ;1), the dialled channel's (`Dest…`), DialStatus.
 */
export function dialState(
  destination: ChannelState,
  vars: readonly string[],
  status: string,
  caller?: ChannelState,
): FieldList {
  return [
    ["Event", "DialState"],
    ["Privilege", "call,all"],
    ...(caller === undefined ? [] : caller.snapshot(vars)),
    ...destination.snapshot(vars, "Dest"),
    ["DialStatus", status],
  ];
}

/** Whole seconds between two simulated-ms readings, as app_queue's differences of `time(NULL)`. */
export function wholeSeconds(from: number, to: number): number {
  return Math.max(0, Math.floor(to / 1000) - Math.floor(from / 1000));
}
