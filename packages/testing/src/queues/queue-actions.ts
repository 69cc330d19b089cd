import type { FieldList } from "../fields.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";
import { queueEntryItem, wholeSeconds } from "./queue-call-events.ts";
import { memberEvent, pauseDeviceEvent, queueMemberItem, queueParamsItem } from "./queue-events.ts";
import { createMember, isAvailable, isLoggedIn, type QueueState, queuesOf, unixNow } from "./queue-state.ts";

// The queue actions as apps/app_queue.c answers them (manager_queues_status, manager_queues_summary,
// manager_add_queue_member, manager_remove_queue_member, manager_pause_queue_member,
// manager_queue_member_penalty): messages and checks from the source, layouts and event order recorded
// in queue-call.jsonl (the response first, then the events app_queue publishes).

/** ast_true(): yes, true, y, t, 1, on. */
const isTrue = (value: string | undefined) =>
  value !== undefined && /^(yes|true|y|t|1|on)$/i.test(value.trim());

/** A list as astman_send_listack / astman_append / astman_send_list_complete write it: ActionID last. */
function sendList(request: ActionRequest, message: string, items: readonly FieldList[], complete: string) {
  request.respondFields([
    ["Response", "Success"],
    ["EventList", "start"],
    ["Message", message],
  ]);
  const id = request.actionId;
  for (const item of items) request.session.sendFields(id === undefined ? item : [...item, ["ActionID", id]]);
  const end: FieldList = [["Event", complete]];
  if (id !== undefined) end.push(["ActionID", id]);
  end.push(["EventList", "Complete"], ["ListItems", String(items.length)]);
  request.session.sendFields(end);
}

/** The queues a `Queue:` header selects (all when empty; the name without case). */
function selected(request: ActionRequest, server: ServerCore): readonly QueueState[] {
  const filter = request.get("Queue") ?? "";
  const queues = queuesOf(server).list();
  return filter === "" ? queues : queues.filter((queue) => queue.name.toLowerCase() === filter.toLowerCase());
}

/**
 * QueueStatus: per queue a QueueParams, its QueueMember items (filtered by `Member:`, the interface or the
 * member name) and its QueueEntry items; QueueStatusComplete counts them all.
 */
export function queueStatus(request: ActionRequest, server: ServerCore): void {
  const member = request.get("Member") ?? "";
  const items: FieldList[] = [];
  for (const queue of selected(request, server)) {
    items.push(queueParamsItem(queue, queue.callers.length));
    for (const each of queue.members) {
      if (member === "" || each.interface === member || each.name === member)
        items.push(queueMemberItem(queue, each));
    }
    const now = server.channels.now();
    queue.callers.forEach((entry, index) => {
      items.push(queueEntryItem(queue, entry, index + 1, now));
    });
  }
  sendList(request, "Queue status will follow", items, "QueueStatusComplete");
}

/** The longest wait of a queue's callers, in seconds (0 with none). */
function longestHold(queue: QueueState, now: number): number {
  const first = queue.callers[0];
  return first === undefined ? 0 : wholeSeconds(first.joinedAt, now);
}

/** QueueSummary: one QueueSummary per queue (LoggedIn, Available, Callers, HoldTime, TalkTime, LongestHoldTime). */
export function queueSummary(request: ActionRequest, server: ServerCore): void {
  const items = selected(request, server).map(
    (queue): FieldList => [
      ["Event", "QueueSummary"],
      ["Queue", queue.name],
      ["LoggedIn", String(queue.members.filter(isLoggedIn).length)],
      ["Available", String(queue.members.filter(isAvailable).length)],
      ["Callers", String(queue.callers.length)],
      ["HoldTime", String(queue.holdtime)],
      ["TalkTime", String(queue.talktime)],
      ["LongestHoldTime", String(longestHold(queue, server.channels.now()))],
    ],
  );
  sendList(request, "Queue summary will follow", items, "QueueSummaryComplete");
}

/** QueueAdd: a dynamic member; `DeviceStateChange` of its pause device, then QueueMemberAdded. */
export function queueAdd(request: ActionRequest, server: ServerCore): void {
  const queueName = request.nonEmpty("Queue");
  if (queueName === undefined) {
    request.error("'Queue' not specified.");
    return;
  }
  const iface = request.nonEmpty("Interface");
  if (iface === undefined) {
    request.error("'Interface' not specified.");
    return;
  }
  const queue = queuesOf(server).find(queueName);
  if (queue === undefined) {
    request.error("Unable to add interface to queue: No such queue");
    return;
  }
  if (queue.members.some((member) => member.interface.toLowerCase() === iface.toLowerCase())) {
    request.error("Unable to add interface: Already there");
    return;
  }
  // sscanf("%30d"): a leading integer; anything else, or a negative one, is 0.
  const penalty = Number.parseInt(request.get("Penalty") ?? "", 10);
  const member = createMember(
    server,
    {
      interface: iface,
      name: request.get("MemberName"),
      stateInterface: request.get("StateInterface"),
      penalty: Number.isNaN(penalty) || penalty < 0 ? 0 : penalty,
      paused: isTrue(request.get("Paused")),
      dynamic: true,
      ringinuse: queue.ringinuse,
    },
    queuesOf(server).devices,
  );
  queue.members.push(member);
  request.success("Added interface to queue");
  server.emitFields(pauseDeviceEvent(queue, member));
  server.emitFields(memberEvent("QueueMemberAdded", queue, member));
}

/** QueueRemove: QueueMemberRemoved, then the pause device goes NOT_INUSE. Static members stay. */
export function queueRemove(request: ActionRequest, server: ServerCore): void {
  const queueName = request.nonEmpty("Queue");
  const iface = request.nonEmpty("Interface");
  if (queueName === undefined || iface === undefined) {
    request.error("Need 'Queue' and 'Interface' parameters.");
    return;
  }
  const queue = queuesOf(server).find(queueName);
  if (queue === undefined) {
    request.error("Unable to remove interface from queue: No such queue");
    return;
  }
  const index = queue.members.findIndex((member) => member.interface.toLowerCase() === iface.toLowerCase());
  const member = queue.members[index];
  if (member === undefined) {
    request.error("Unable to remove interface: Not there");
    return;
  }
  if (!member.dynamic) {
    request.error("Member not dynamic");
    return;
  }
  queue.members.splice(index, 1);
  request.success("Removed interface from queue");
  server.emitFields(memberEvent("QueueMemberRemoved", queue, member));
  server.emitFields(pauseDeviceEvent(queue, member, false));
}

/**
 * The (queue, member) pairs an `Interface:` names (without case: app_queue's member container compares
 * with strcasecmp, UNVERIFIED), in one queue or (without `Queue:`) in all of them.
 */
function membersNamed(request: ActionRequest, server: ServerCore, iface: string) {
  const queueName = request.get("Queue") ?? "";
  const pairs = [];
  for (const queue of queuesOf(server).list()) {
    if (queueName !== "" && queue.name.toLowerCase() !== queueName.toLowerCase()) continue;
    for (const member of queue.members)
      if (member.interface.toLowerCase() === iface.toLowerCase()) pairs.push({ queue, member });
  }
  return pairs;
}

/**
 * QueuePause: pauses (with `Reason:`) or unpauses the interface in `Queue:` or every queue; for each,
 * the pause device's DeviceStateChange, then QueueMemberPause. Unpausing clears the reason and keeps
 * LastPause. Recorded.
 */
export function queuePause(request: ActionRequest, server: ServerCore): void {
  const iface = request.nonEmpty("Interface");
  const pausedText = request.nonEmpty("Paused");
  if (iface === undefined || pausedText === undefined) {
    request.error("Need 'Interface' and 'Paused' parameters.");
    return;
  }
  const paused = isTrue(pausedText);
  const pairs = membersNamed(request, server, iface);
  if (pairs.length === 0) {
    request.error("Interface not found");
    return;
  }
  const now = unixNow();
  for (const { member } of pairs) {
    member.paused = paused;
    member.pausedReason = paused ? (request.get("Reason") ?? "") : "";
    if (paused) member.lastPause = now;
  }
  request.success(paused ? "Interface paused successfully" : "Interface unpaused successfully");
  for (const { queue, member } of pairs) {
    server.emitFields(pauseDeviceEvent(queue, member));
    server.emitFields(memberEvent("QueueMemberPause", queue, member));
  }
}

/** QueuePenalty: sets the penalty in `Queue:` or every queue; one QueueMemberPenalty each. */
export function queuePenalty(request: ActionRequest, server: ServerCore): void {
  const iface = request.nonEmpty("Interface");
  const penaltyText = request.nonEmpty("Penalty");
  if (iface === undefined || penaltyText === undefined) {
    request.error("Need 'Interface' and 'Penalty' parameters.");
    return;
  }
  // atoi(): the leading integer, else 0.
  const parsed = Number.parseInt(penaltyText, 10);
  const penalty = Number.isNaN(parsed) ? 0 : parsed;
  const pairs = membersNamed(request, server, iface);
  if (pairs.length === 0 || penalty < 0) {
    request.error("Invalid interface, queuename or penalty");
    return;
  }
  for (const { member } of pairs) member.penalty = penalty;
  request.success("Interface penalty set successfully");
  for (const { queue, member } of pairs) server.emitFields(memberEvent("QueueMemberPenalty", queue, member));
}

/**
 * QueueMemberRingInUse: sets whether a member in a call may be rung, in `Queue:` or every queue; one
 * QueueMemberRinginuse each (the member event layout, as Asterisk's AMI event docs show it: UNVERIFIED
 * against a recording). Asterisk's failure message ends in a stray `\n` (`...ringinuse value\n`); the
 * fake leaves it out.
 */
export function queueMemberRingInUse(request: ActionRequest, server: ServerCore): void {
  const iface = request.nonEmpty("Interface");
  const text = request.nonEmpty("RingInUse");
  if (iface === undefined || text === undefined) {
    request.error("Need 'Interface' and 'RingInUse' parameters.");
    return;
  }
  const isFalse = /^(no|false|n|f|0|off)$/i.test(text.trim());
  if (!isTrue(text) && !isFalse) {
    request.error("'RingInUse' parameter must be a truth value (yes/no, on/off, 0/1, etc)");
    return;
  }
  const pairs = membersNamed(request, server, iface);
  if (pairs.length === 0) {
    request.error("Invalid interface, queuename, or ringinuse value");
    return;
  }
  for (const { member } of pairs) member.ringinuse = !isFalse;
  request.success("Interface ringinuse set successfully");
  for (const { queue, member } of pairs)
    server.emitFields(memberEvent("QueueMemberRinginuse", queue, member));
}

/** QueueLog: writes a line to the queue log (which the fake does not keep); no event. */
export function queueLog(request: ActionRequest): void {
  if (request.nonEmpty("Queue") === undefined || request.nonEmpty("Event") === undefined) {
    request.error("Need 'Queue' and 'Event' parameters.");
    return;
  }
  request.success("Event added successfully");
}

/** QueueReset: zeroes the call statistics of `Queue:` or of every queue (a name nobody has is no error). */
export function queueReset(request: ActionRequest, server: ServerCore): void {
  for (const queue of selected(request, server)) {
    queue.holdtime = 0;
    queue.talktime = 0;
    queue.completed = 0;
    queue.abandoned = 0;
    queue.completedInServiceLevel = 0;
    queue.abandonedInServiceLevel = 0;
  }
  request.success("Queue stats reset successfully");
}
