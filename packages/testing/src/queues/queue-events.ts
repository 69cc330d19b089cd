import type { FieldList } from "../fields.ts";
import type { QueueMemberState, QueueState } from "./queue-state.ts";

// The layouts of the queue member events and list items, as recorded (queue-call.jsonl).

const flag = (value: boolean) => (value ? "1" : "0");

/**
 * A QueueMember* event (Added, Removed, Pause, Penalty, Status): `Privilege: agent,all`, Queue,
 * MemberName, Interface, StateInterface, Membership, Penalty, CallsTaken, LastCall, LastPause, LoginTime,
 * InCall, Status, Paused, PausedReason, Ringinuse, Wrapuptime. Recorded.
 */
export function memberEvent(event: string, queue: QueueState, member: QueueMemberState): FieldList {
  return [
    ["Event", event],
    ["Privilege", "agent,all"],
    ["Queue", queue.name],
    ["MemberName", member.name],
    ["Interface", member.interface],
    ...memberStateFields(member),
    ["Ringinuse", flag(member.ringinuse)],
    ["Wrapuptime", String(member.wrapuptime)],
  ];
}

/**
 * The member's state as both the member events and QueueStatus's `QueueMember` item write it, from
 * StateInterface to PausedReason, in that order. Recorded.
 */
function memberStateFields(member: QueueMemberState): FieldList {
  return [
    ["StateInterface", member.stateInterface],
    ["Membership", member.dynamic ? "dynamic" : "static"],
    ["Penalty", String(member.penalty)],
    ["CallsTaken", String(member.callsTaken)],
    ["LastCall", String(member.lastCall)],
    ["LastPause", String(member.lastPause)],
    ["LoginTime", String(member.loginTime)],
    ["InCall", flag(member.inCall)],
    ["Status", String(member.status)],
    ["Paused", flag(member.paused)],
    ["PausedReason", member.pausedReason],
  ];
}

/** The `DeviceStateChange` of a member's pause device `Queue:<queue>_pause_<interface>`. Recorded. */
export function pauseDeviceEvent(
  queue: QueueState,
  member: QueueMemberState,
  paused: boolean = member.paused,
): FieldList {
  return [
    ["Event", "DeviceStateChange"],
    ["Privilege", "call,all"],
    ["Device", `Queue:${queue.name}_pause_${member.interface}`],
    ["State", paused ? "INUSE" : "NOT_INUSE"],
  ];
}

/** `%2.1f` of C's printf. */
const percent = (value: number) => value.toFixed(1);

/** A QueueStatus `QueueParams` item (no Privilege; ActionID comes last). Source and recorded. */
export function queueParamsItem(queue: QueueState, callers: number): FieldList {
  const sl = queue.completed > 0 ? (100 * queue.completedInServiceLevel) / queue.completed : 0;
  const total = queue.completed + queue.abandoned;
  const sl2 = total > 0 ? (100 * (queue.abandonedInServiceLevel + queue.completedInServiceLevel)) / total : 0;
  return [
    ["Event", "QueueParams"],
    ["Queue", queue.name],
    ["Max", String(queue.maxlen)],
    ["Strategy", queue.strategy],
    ["Calls", String(callers)],
    ["Holdtime", String(queue.holdtime)],
    ["TalkTime", String(queue.talktime)],
    ["Completed", String(queue.completed)],
    ["Abandoned", String(queue.abandoned)],
    ["ServiceLevel", String(queue.servicelevel)],
    ["ServicelevelPerf", percent(sl)],
    ["ServicelevelPerf2", percent(sl2)],
    ["Weight", String(queue.weight)],
  ];
}

/** A QueueStatus `QueueMember` item: `Name`/`Location` instead of MemberName/Interface. Recorded. */
export function queueMemberItem(queue: QueueState, member: QueueMemberState): FieldList {
  return [
    ["Event", "QueueMember"],
    ["Queue", queue.name],
    ["Name", member.name],
    ["Location", member.interface],
    ...memberStateFields(member),
    ["Wrapuptime", String(member.wrapuptime)],
  ];
}
