/**
 * @internal The simulator's queue traffic: callers originated into the fake's dialplan extensions that run
 * `Queue()` (so app_queue's events come from the fake's own Queue() model, `queues/queue-app.ts`), and
 * members paused and unpaused with a reason as QueuePause does.
 */
import type { ChannelState } from "../channels/channel.ts";
import { LocalCall } from "../channels/local-call.ts";
import { parseLocal } from "../channels/originate-response.ts";
import { memberEvent, pauseDeviceEvent } from "../queues/queue-events.ts";
import { queuesOf, unixNow } from "../queues/queue-state.ts";
import type { ServerCore } from "../server-core.ts";

/** What one queue call needs: where it goes, who calls and how long the caller stays. */
export interface QueueCallRequest {
  /** `exten@context` of a dialplan extension whose steps run `Queue()`. */
  readonly destination: string;
  /** `"Name" <number>`. */
  readonly callerId: string;
  /** Seconds the caller stays on the line (waiting and talking) before hanging up. */
  readonly patienceSeconds: number;
}

/**
 * Originates `Local/<destination>` with `Wait(<patience>)` on its `;1` (the caller) — as the Originates of
 * queue-call.jsonl do, without their OriginateResponse — so its `;2` runs the dialplan and joins the queue. `;1` only runs
 * its application once answered, so the caller's patience is kept here: `patienceSeconds` (fake time)
 * after the start, a `;2` still up is hung up as the Hangup action does (queue-call.jsonl hangs up its
 * waiting callers so) — an abandon while waiting, the caller ending the call once connected. Returns the
 * `;2` (the channel that waits in the queue).
 *
 * @throws RangeError when the destination is not `exten@context` or the fake's dialplan lacks it.
 */
export function startQueueCall(server: ServerCore, request: QueueCallRequest): ChannelState {
  const channel = `Local/${request.destination}`;
  const target = parseLocal(channel);
  if (target === undefined) {
    throw new RangeError(`queue destination ${JSON.stringify(request.destination)} is not exten@context`);
  }
  const registry = server.channels;
  const oneId = registry.nextUniqueid();
  const twoId = registry.nextUniqueid();
  const call = new LocalCall(
    server,
    {
      channel,
      context: undefined,
      exten: undefined,
      priority: undefined,
      application: "Wait",
      data: String(request.patienceSeconds),
      callerId: request.callerId,
      variables: [],
      channelId: oneId,
      otherChannelId: twoId,
      // Not async: nobody sent an Originate, so no OriginateResponse goes out.
      async: false,
      actionId: undefined,
    },
    target,
  );
  if (!call.routable) {
    throw new RangeError(
      `queue destination ${request.destination}: the fake's dialplan has no such extension (give the fake a dialplan that runs Queue() there)`,
    );
  }
  void call.start();
  // start() creates both halves before its first wait.
  const two = registry.list().find((candidate) => candidate.uniqueid === twoId);
  if (two === undefined) throw new RangeError(`queue call to ${request.destination} did not start`);
  void registry.sleep(request.patienceSeconds).then(() => {
    const found = registry.find(two.name);
    if (found !== undefined && found.channel === two) found.call.hangup(two, 16);
  });
  return two;
}

/** One queue member, by queue and interface. */
export interface QueueMemberRef {
  readonly queue: string;
  readonly interface: string;
}

/** Every member of every queue of the fake, in configuration order. */
export function queueMembers(server: ServerCore): QueueMemberRef[] {
  return queuesOf(server)
    .list()
    .flatMap((queue) => queue.members.map((member) => ({ queue: queue.name, interface: member.interface })));
}

/**
 * Pauses (with `reason`) or unpauses a member, with the events QueuePause sends for it: the pause device's
 * DeviceStateChange, then QueueMemberPause (FACTS.md "Queues"). Returns `false` when there is no such
 * member or it already is in that state.
 */
export function setMemberPaused(
  server: ServerCore,
  ref: QueueMemberRef,
  paused: boolean,
  reason = "",
): boolean {
  const queue = queuesOf(server).find(ref.queue);
  const member = queue?.members.find((entry) => entry.interface === ref.interface);
  if (queue === undefined || member === undefined || member.paused === paused) return false;
  member.paused = paused;
  member.pausedReason = paused ? reason : "";
  if (paused) member.lastPause = unixNow();
  server.emitFields(pauseDeviceEvent(queue, member));
  server.emitFields(memberEvent("QueueMemberPause", queue, member));
  return true;
}

/** Whether a member is paused now (`undefined`: no such member). */
export function memberPaused(server: ServerCore, ref: QueueMemberRef): boolean | undefined {
  return queuesOf(server)
    .find(ref.queue)
    ?.members.find((entry) => entry.interface === ref.interface)?.paused;
}
