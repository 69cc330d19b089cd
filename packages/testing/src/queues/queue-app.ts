import { BridgeState } from "../channels/bridge.ts";
import { bridgeDestroy, bridgeMember } from "../channels/bridge-events.ts";
import type { ChannelState } from "../channels/channel.ts";
import {
  deviceStateChange,
  dialBegin,
  dialEnd,
  localBridge,
  newCallerid,
  newConnectedLine,
  newexten,
  varSet,
} from "../channels/channel-events.ts";
import { LocalCall } from "../channels/local-call.ts";
import type { DialHost, LocalDialler } from "../channels/local-dial.ts";
import { dialledLocal, parseLocal } from "../channels/originate-response.ts";
import type { FieldList } from "../fields.ts";
import { agentEvent, callerEvent, dialState, wholeSeconds } from "./queue-call-events.ts";
import { memberDeviceChanged, updateAvailDevice } from "./queue-devices.ts";
import { memberEvent } from "./queue-events.ts";
import {
  canRing,
  type QueueCaller,
  type QueueMemberState,
  type QueueState,
  queuesOf,
  unixNow,
} from "./queue-state.ts";

/** Device state number of a member in a call (`Status: 2`, INUSE). Recorded. */
const DEVICE_INUSE = 2;
const DEVICE_NOT_INUSE = 1;

/** @internal What `Queue()` needs from the call whose channel runs it (a Dial's host, with any peer). */
export interface QueueHost extends Omit<DialHost, "setPeer" | "bridged"> {
  /** What ending the caller's call ends first (the members rung, the member connected). */
  setPeer(peer: { hangUp(cause: number): void } | undefined): void;
  /**
   * Option `r`: the caller hears ringing — an originated call's ;1 goes Ringing (Newstate now); `dialled`
   * once the first member is rung: `DialState` RINGING toward ;1 and its device INUSE. None when the
   * caller's call was itself dialled (not modelled).
   */
  indicateRinging?(): { dialled(): void } | undefined;
}

/** How `Queue()` returned: the caller hangs up (after a connected call) or its dialplan goes on. */
export type QueueOutcome = "hangup" | "continue";

/** One member's Local call while it rings or talks. */
interface Attempt {
  readonly member: QueueMemberState;
  call: LocalCall | undefined;
  one: ChannelState | undefined;
  two: ChannelState | undefined;
  readonly startedAt: number;
}

/** The variables app_queue clears on the caller when it joins, in the order recorded. */
const CLEARED_ON_JOIN = [
  "ANSWEREDTIME",
  "ANSWEREDTIME_MS",
  "DIALEDTIME",
  "DIALEDTIME_MS",
  "QUEUEWAIT",
  "QUEUEWAIT_MS",
];

/**
 * @internal `Queue(name[,options[,URL[,announceoverride[,timeout]]]])` on `caller`, event for event as
 * queue-call.jsonl: the caller joins (QueueCallerJoin), the members are rung per the queue's strategy
 * (ringall: every available member; rrmemory: the next one after the member rung last; the others as
 * ringall — UNVERIFIED) through Local calls (AgentCalled, DialBegin), `AgentRingNoAnswer` after the queue's
 * `timeout` and another try `retry` seconds later; the first to answer is bridged with the caller
 * (QueueCallerLeave, AgentConnect, QueueMemberStatus) and the others are cancelled; `AgentComplete` when
 * either side hangs up. A caller hanging up while waiting abandons (QueueCallerAbandon). Members that are
 * not `Local/…` are never rung (not modelled). Resolves when Queue() returns.
 */
export async function runQueue(host: QueueHost, caller: ChannelState, data: string): Promise<QueueOutcome> {
  const { server, vars } = host;
  const registry = server.channels;
  const emit = (fields: FieldList) => server.emitFields(fields);
  const setVar = (channel: ChannelState, name: string, value: string) => {
    channel.variables.set(name, value);
    emit(varSet(channel, vars, name, value));
  };
  const args = data.split(",");
  const queue = queuesOf(server).find((args[0] ?? "").trim());
  if (queue === undefined) {
    // app_queue: no such queue — QUEUESTATUS=UNKNOWN and the dialplan goes on (UNVERIFIED: source as read).
    setVar(caller, "QUEUESTATUS", "UNKNOWN");
    return "continue";
  }
  for (const name of CLEARED_ON_JOIN) setVar(caller, name, "");
  const entry: QueueCaller = {
    channel: caller,
    joinedAt: registry.now(),
    originalPosition: queue.callers.length + 1,
  };
  queue.callers.push(entry);
  if (queue.callers.length === 1) emit(deviceStateChange(`Queue:${queue.name}`, "RINGING"));
  emit(
    callerEvent("QueueCallerJoin", caller, vars, queue, [
      ["Position", String(entry.originalPosition)],
      ["Count", String(queue.callers.length)],
    ]),
  );
  let ringback = (args[1] ?? "").includes("r") ? host.indicateRinging?.() : undefined;

  const maxWait = Number.parseFloat(args[4] ?? "");
  const deadline = maxWait > 0 ? entry.joinedAt + maxWait * 1000 : Number.POSITIVE_INFINITY;
  let ringing: Attempt[] = [];
  let connected: (Attempt & { readonly answeredAt: number; readonly hold: number }) | undefined;
  let bridge: BridgeState | undefined;
  let outcome: "connected" | "abandoned" | "timeout" | undefined;
  let callerHungUp = false;
  let wake: () => void = () => {};
  const nextSignal = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  let agentGone!: () => void;
  const agentGonePromise = new Promise<void>((resolve) => {
    agentGone = resolve;
  });

  /** Leaves the queue: the queue's device when it empties, QueueCallerLeave; returns the position left. */
  const leaveQueue = (): number => {
    const position = queue.callers.indexOf(entry) + 1;
    queue.callers.splice(position - 1, 1);
    if (queue.callers.length === 0) emit(deviceStateChange(`Queue:${queue.name}`, "NOT_INUSE"));
    emit(
      callerEvent("QueueCallerLeave", caller, vars, queue, [
        ["Position", String(position)],
        ["Count", String(queue.callers.length)],
      ]),
    );
    return position;
  };
  /** Cancels every member still ringing: DialEnd CANCEL (twice, as recorded) and its call hangs up. */
  const cancelRinging = (cause: number) => {
    const attempts = ringing;
    ringing = [];
    for (const attempt of attempts) {
      if (attempt.one === undefined) continue;
      emit(dialEnd(attempt.one, vars, "CANCEL", caller));
      emit(dialEnd(attempt.one, vars, "CANCEL", caller));
      attempt.call?.cancel(cause);
      memberCallGone(attempt);
    }
  };
  // app_queue.c device_state_cb publishes it on every member device change; being a cached device state, it
  // reaches AMI only when it changes (queue-call.jsonl: once per call; none when the slow agent rings).
  const availabilityDevice = () => updateAvailDevice(queue, emit);
  /**
   * A member's device read anew (app_queue.c `device_state_cb`): in every queue it is in, this one first,
   * QueueMemberStatus where its state changed. A member removed meanwhile gets none (one re-added does).
   */
  const memberDevice = (member: QueueMemberState, status: number) => {
    if (queue.members.includes(member) && member.status !== status) {
      member.status = status;
      emit(memberEvent("QueueMemberStatus", queue, member));
      availabilityDevice();
    }
    memberDeviceChanged(queuesOf(server), member.stateInterface, status, emit, member);
  };
  /** A member's call that rang ended: a device that went INUSE while ringing is NOT_INUSE again. */
  const memberCallGone = (attempt: Attempt) => {
    if (!attempt.member.inCall) memberDevice(attempt.member, DEVICE_NOT_INUSE);
  };
  const enter = (channel: ChannelState) => {
    if (bridge === undefined) return;
    bridge.members.push(channel);
    channel.bridgeId = bridge.uniqueid;
    emit(bridgeMember("BridgeEnter", bridge, channel, vars));
  };
  const leaveBridge = (channel: ChannelState) => {
    const index = bridge?.members.indexOf(channel) ?? -1;
    if (bridge === undefined || index < 0) return;
    bridge.members.splice(index, 1);
    channel.bridgeId = "";
    emit(bridgeMember("BridgeLeave", bridge, channel, vars));
  };

  const answered = (attempt: Attempt) => {
    const one = attempt.one as ChannelState;
    const two = attempt.two as ChannelState;
    if (outcome !== undefined) return;
    outcome = "connected";
    emit(dialEnd(one, vars, "ANSWER", caller));
    ringing = ringing.filter((other) => other !== attempt);
    cancelRinging(26);
    const now = registry.now();
    const hold = wholeSeconds(entry.joinedAt, now);
    const position = leaveQueue();
    setVar(caller, "QUEUEPOSITION", String(position));
    setVar(caller, "QUEUEWAIT", String(hold));
    setVar(caller, "QUEUEWAIT_MS", String(hold * 1000));
    emit(
      agentEvent("AgentConnect", caller, one, vars, queue, attempt.member, [
        ["HoldTime", String(hold)],
        ["RingTime", String(wholeSeconds(attempt.startedAt, now))],
      ]),
    );
    // recalc_holdtime(): the running average from the first call on (a first hold of 4 s averages to 1).
    queue.holdtime = (queue.holdtime * 3 + hold) >> 2;
    connected = { ...attempt, answeredAt: now, hold };
    const created = new BridgeState(globalThis.crypto.randomUUID());
    bridge = created;
    host.answerBy(caller, created);
    one.exten = caller.exten;
    enter(one);
    host.propagateAnswer();
    enter(caller);
    setVar(one, "BRIDGEPEER", caller.name);
    setVar(caller, "BRIDGEPEER", one.name);
    for (const channel of [two, one].filter((half) => !half.inUseAnnounced)) {
      channel.inUseAnnounced = true;
      emit(deviceStateChange(channel.device, "INUSE"));
    }
    attempt.member.inCall = true;
    attempt.member.status = DEVICE_INUSE;
    // A member removed meanwhile gets no QueueMemberStatus: app_queue's device_state_cb → update_status
    // only walks the members still in the queue (the call itself goes on).
    if (queue.members.includes(attempt.member)) emit(memberEvent("QueueMemberStatus", queue, attempt.member));
    availabilityDevice();
    // Its device is INUSE in the member's other queues too (and for a member re-added here meanwhile).
    memberDeviceChanged(queuesOf(server), attempt.member.stateInterface, DEVICE_INUSE, emit, attempt.member);
    wake();
  };

  const ring = (member: QueueMemberState) => {
    const local = parseLocal(member.interface);
    if (local === undefined) return;
    const attempt: Attempt = {
      member,
      call: undefined,
      one: undefined,
      two: undefined,
      startedAt: registry.now(),
    };
    const dialString = member.interface.slice("Local/".length);
    const dialler: LocalDialler = {
      caller,
      introduce(one, two) {
        attempt.one = one;
        attempt.two = two;
        // AgentCalled and DialBegin show ;1 as the introduction left it (the caller's ID and extension).
        return queueIntroduction(one, two, caller, dialString, vars, () => [
          agentEvent("AgentCalled", caller, one, vars, queue, member),
          dialBegin(one, vars, member.interface, caller),
        ]);
      },
      // Every member of this try is rung before an answer is taken (the fake's Local calls answer at once).
      peerAnswered: () => queueMicrotask(() => answered(attempt)),
      // The member's ;2 thread starts after this try is placed (the cancelled agent1 of queue-call.jsonl).
      dialplanStartsLater: true,
      peerRinging(one) {
        // Its Local device read INUSE when ;1 went Ringing (the call's ;2 thread was running).
        memberDevice(member, DEVICE_INUSE);
        // After the caller's own ringback DialState, as recorded (the rest of this try is rung first).
        queueMicrotask(() => {
          if (ringing.includes(attempt)) emit(dialState(one, vars, "RINGING", caller));
        });
      },
      peerHungUp(one) {
        if (connected === undefined || connected.one !== one) return;
        const talk = wholeSeconds(connected.answeredAt, registry.now());
        emit(
          agentEvent("AgentComplete", caller, one, vars, queue, member, [
            ["HoldTime", String(connected.hold)],
            ["TalkTime", String(talk)],
            ["Reason", callerHungUp ? "caller" : "agent"],
          ]),
        );
        // update_queue(): the first completed call's talk time as is, later ones averaged in.
        queue.talktime = queue.completed === 0 ? talk : (queue.talktime * 3 + talk) >> 2;
        queue.completed += 1;
        if (connected.hold <= queue.servicelevel) queue.completedInServiceLevel += 1;
        setVar(one, "BRIDGEPEER", "");
        setVar(caller, "BRIDGEPEER", "");
        leaveBridge(one);
      },
      peerGone(device) {
        if (connected === undefined || connected.one !== attempt.one) {
          // A member's call that ended by itself before answering: the next try rings again (UNVERIFIED).
          ringing = ringing.filter((other) => other !== attempt);
          if (ringing.length === 0) wake();
          return;
        }
        leaveBridge(caller);
        if (bridge !== undefined) {
          registry.removeBridge(bridge);
          emit(bridgeDestroy(bridge));
        }
        host.deferDevice(device);
        member.inCall = false;
        member.status = DEVICE_NOT_INUSE;
        member.callsTaken += 1;
        member.lastCall = unixNow();
        if (queue.members.includes(member)) emit(memberEvent("QueueMemberStatus", queue, member));
        memberDeviceChanged(queuesOf(server), member.stateInterface, DEVICE_NOT_INUSE, emit, member);
        agentGone();
      },
      adopt() {},
    };
    const call = new LocalCall(server, dialledLocal(member.interface), local, dialler);
    if (!call.routable) return;
    attempt.call = call;
    ringing.push(attempt);
    void call.start();
  };

  /** The caller hung up: while waiting it abandons; once connected the member's call ends with it. */
  host.setPeer({
    hangUp(cause) {
      callerHungUp = true;
      if (connected !== undefined) {
        connected.call?.hangUp(cause);
        return;
      }
      if (outcome !== undefined) return;
      outcome = "abandoned";
      cancelRinging(0);
      const now = registry.now();
      const waited = wholeSeconds(entry.joinedAt, now);
      const dialled = Math.max(0, Math.round(now - entry.joinedAt));
      setVar(caller, "QUEUEWAIT", String(waited));
      setVar(caller, "QUEUEWAIT_MS", String(waited * 1000));
      setVar(caller, "DIALEDTIME", String(Math.floor(dialled / 1000)));
      setVar(caller, "DIALEDTIME_MS", String(dialled));
      setVar(caller, "ANSWEREDTIME", "0");
      setVar(caller, "ANSWEREDTIME_MS", "0");
      setVar(caller, "ABANDONED", "TRUE");
      const position = queue.callers.indexOf(entry) + 1;
      emit(
        callerEvent("QueueCallerAbandon", caller, vars, queue, [
          ["Position", String(position)],
          ["OriginalPosition", String(entry.originalPosition)],
          ["HoldTime", String(waited)],
        ]),
      );
      queue.abandoned += 1;
      if (waited <= queue.servicelevel) queue.abandonedInServiceLevel += 1;
      leaveQueue();
      setVar(caller, "QUEUEPOSITION", String(position));
      wake();
    },
  });

  const sleepOrSignal = (seconds: number) => {
    const signal = nextSignal();
    const limit = Math.min(seconds, Math.max(0, (deadline - registry.now()) / 1000));
    return Promise.race([registry.sleep(limit), signal, host.ended]);
  };
  while (outcome === undefined && !host.isEnded()) {
    if (queue.callers[0] === entry) for (const member of membersToRing(queue)) ring(member);
    if (ringing.length > 0) {
      ringback?.dialled();
      ringback = undefined;
    }
    if (outcome !== undefined) break;
    const rung = ringing.length > 0;
    await sleepOrSignal(rung ? queue.timeout : queue.retry);
    if (outcome !== undefined || host.isEnded()) break;
    if (ringing.length > 0) {
      const now = registry.now();
      const attempts = ringing;
      ringing = [];
      for (const attempt of attempts) {
        const one = attempt.one as ChannelState;
        emit(
          agentEvent("AgentRingNoAnswer", caller, one, vars, queue, attempt.member, [
            ["RingTime", String(Math.round(now - attempt.startedAt))],
          ]),
        );
        emit(dialEnd(one, vars, "NOANSWER", caller));
        emit(dialEnd(one, vars, "CANCEL", caller));
        attempt.call?.cancel(0);
        memberCallGone(attempt);
      }
    }
    if (registry.now() >= deadline) {
      // The Queue() timeout: the caller leaves, QUEUESTATUS=TIMEOUT, the dialplan goes on (UNVERIFIED).
      outcome = "timeout";
      cancelRinging(0);
      leaveQueue();
      setVar(caller, "QUEUESTATUS", "TIMEOUT");
      return "continue";
    }
    if (rung) await sleepOrSignal(queue.retry);
  }
  if (outcome !== "connected" || connected === undefined) return "continue";
  await Promise.race([agentGonePromise, host.ended]);
  if (host.isEnded()) return "hangup";
  const now = registry.now();
  const talked = Math.max(0, Math.round(now - connected.answeredAt));
  const dialled = Math.max(0, Math.round(now - connected.startedAt));
  setVar(caller, "ANSWEREDTIME", String(Math.floor(talked / 1000)));
  setVar(caller, "ANSWEREDTIME_MS", String(talked));
  setVar(caller, "DIALEDTIME", String(Math.floor(dialled / 1000)));
  setVar(caller, "DIALEDTIME_MS", String(dialled));
  host.setPeer(undefined);
  return "hangup";
}

/**
 * The members one try rings: ringall every available one — last listed first (recorded: agent2 before
 * agent1; app_queue's try_calling puts each call attempt at the head of its `outgoing` list, as read, so
 * they are rung in reverse — UNVERIFIED) —, rrmemory the next after the member rung last.
 */
function membersToRing(queue: QueueState): QueueMemberState[] {
  const free = (member: QueueMemberState) => canRing(member) && !member.inCall;
  if (queue.strategy !== "rrmemory") return queue.members.filter(free).reverse();
  const count = queue.members.length;
  for (let step = 1; step <= count; step++) {
    const index = (queue.lastRung + step) % count;
    const member = queue.members[index] as QueueMemberState;
    if (free(member)) {
      queue.lastRung = index;
      return [member];
    }
  }
  return [];
}

/**
 * The first events of a member's Local call after its two Newchannel (queue-call.jsonl): ;1 runs AppQueue
 * on the member's extension with the caller's ID, then on the caller's extension with the caller as
 * connected line; DIALEDPEERNUMBER on both halves; ;2 takes the caller's ID and connected line; LocalBridge;
 * then `then` (AgentCalled, DialBegin with the interface as DialString).
 */
function queueIntroduction(
  one: ChannelState,
  two: ChannelState,
  caller: ChannelState,
  dialString: string,
  vars: readonly string[],
  then: () => FieldList[],
): FieldList[] {
  const events: FieldList[] = [];
  one.application = "AppQueue";
  one.applicationData = "(Outgoing Line)";
  one.callerIdNum = caller.callerIdNum;
  one.callerIdName = caller.callerIdName;
  events.push(newexten(one, vars), newCallerid(one, vars));
  one.exten = caller.exten;
  one.connectedLineNum = caller.callerIdNum;
  one.connectedLineName = caller.callerIdName;
  events.push(newexten(one, vars), newConnectedLine(one, vars));
  one.variables.set("DIALEDPEERNUMBER", dialString);
  events.push(varSet(one, vars, "DIALEDPEERNUMBER", dialString));
  events.push(varSet(two, vars, "DIALEDPEERNUMBER", dialString));
  two.variables.set("DIALEDPEERNUMBER", dialString);
  two.callerIdNum = caller.callerIdNum;
  two.callerIdName = caller.callerIdName;
  two.connectedLineNum = caller.callerIdNum;
  two.connectedLineName = caller.callerIdName;
  events.push(
    newCallerid(two, vars),
    newConnectedLine(two, vars),
    localBridge(one, two, vars, dialString),
    ...then(),
  );
  return events;
}
