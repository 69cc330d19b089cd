import { BridgeState } from "../channels/bridge.ts";
import { bridgeCreate, bridgeDestroy, bridgeMember } from "../channels/bridge-events.ts";
import { ChannelState, parseCallerId } from "../channels/channel.ts";
import {
  deviceStateChange,
  dialBegin,
  dialEnd,
  hangup,
  hangupRequest,
  holdEvent,
  newchannel,
  newexten,
  newstate,
  unholdEvent,
} from "../channels/channel-events.ts";
import { type CallHandle, type ChannelHost, ChannelRegistry } from "../channels/channel-registry.ts";
import { originateResponse } from "../channels/originate-response.ts";
import { coreOf, type FakeAsterisk } from "../fake-asterisk.ts";
import type { FieldList } from "../fields.ts";
import type { FakeActionRequest } from "../request.ts";
import type {
  CallOutcome,
  CallSimulator,
  CallSimulatorOptions,
  PlaceCallOptions,
  PlaceQueueCallOptions,
  QueueTrafficOptions,
  SimulatedOriginate,
} from "./call-simulator-types.ts";
import { DEFAULT_ENDPOINTS, type SimulatedEndpoint } from "./endpoints.ts";
import { queueMembers, setMemberPaused, startQueueCall } from "./queue-traffic.ts";
import { pick, randomBetween, randomUuid, seededRandom } from "./random.ts";

export type {
  CallOutcome,
  CallSimulator,
  CallSimulatorOptions,
  PlaceCallOptions,
  PlaceQueueCallOptions,
  QueueTrafficOptions,
  SimulatedOriginate,
  SimulationStats,
} from "./call-simulator-types.ts";

interface Call extends CallHandle {
  readonly caller: ChannelState;
  callee?: ChannelState;
  bridge?: BridgeState;
  ended: boolean;
}

/** Technologies the simulator accepts in an Originate's `Channel`. */
const KNOWN_TECHNOLOGIES = new Set(["PJSIP", "SIP", "IAX2", "DAHDI", "Local"]);

const STATE = { down: 0, ring: 4, ringing: 5, up: 6, busy: 7 } as const;
const CAUSE = { normalClearing: 16, userBusy: 17, noAnswer: 19 } as const;

/**
 * Creates a call simulator. With `fake`, the calls live in that fake Asterisk's channels and bridges, and
 * its `Originate` is answered by the simulator; with `emit`, the simulator keeps a channel model of its own
 * (built the same way) and only hands the events over.
 *
 * @throws RangeError when neither or both of `fake` and `emit` are given, or fewer than two endpoints, or
 *   `queueTraffic` is given without `fake` or with a share outside 0–1.
 */
export function createCallSimulator(options: CallSimulatorOptions): CallSimulator {
  if ((options.fake === undefined) === (options.emit === undefined)) {
    throw new RangeError("createCallSimulator needs exactly one of `fake` and `emit`");
  }
  const endpoints = options.endpoints ?? DEFAULT_ENDPOINTS;
  if (endpoints.length < 2) throw new RangeError("the simulator needs at least two endpoints");
  const random = seededRandom(options.seed ?? 1);
  const now = options.now ?? Date.now;
  const [ringMin, ringMax] = options.ringMs ?? [300, 1500];
  const [talkMin, talkMax] = options.talkMs ?? [1000, 5000];
  const callsPerSecond = options.callsPerSecond ?? 1;
  const queueTraffic = checkQueueTraffic(options);
  const { registry, vars } = channelModel(options, now);
  const own = new Set<ChannelState>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const stats = { callsStarted: 0, queueCallsStarted: 0, callsEnded: 0, eventsEmitted: 0 };
  let generator: ReturnType<typeof setTimeout> | undefined;
  let pauser: ReturnType<typeof setTimeout> | undefined;

  const emit = (fields: FieldList) => {
    stats.eventsEmitted++;
    registry.emit(fields);
  };
  const later = (delayMs: number, step: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      step();
    }, delayMs);
    timers.add(timer);
  };

  const newChannel = (
    device: string,
    call: Call | undefined,
    fields: {
      linkedid?: string;
      state: number;
      callerIdNum: string;
      callerIdName: string;
      connectedLineNum?: string;
      connectedLineName?: string;
      context: string;
      exten: string;
    },
  ): ChannelState => {
    const name = device.startsWith("Local/")
      ? registry.nextLocalStem(device)
      : registry.nextChannelName(device);
    const uniqueid = registry.nextUniqueid();
    const channel = new ChannelState(
      name,
      uniqueid,
      fields.linkedid ?? uniqueid,
      fields.state,
      fields.context,
      fields.exten,
      now(),
    );
    channel.callerIdNum = fields.callerIdNum;
    channel.callerIdName = fields.callerIdName;
    channel.connectedLineNum = fields.connectedLineNum ?? "<unknown>";
    channel.connectedLineName = fields.connectedLineName ?? "<unknown>";
    own.add(channel);
    if (call !== undefined) registry.add(channel, call);
    emit(newchannel(channel, vars));
    return channel;
  };

  const setState = (channel: ChannelState, state: number) => {
    channel.state = state;
    emit(newstate(channel, vars));
  };

  const runApplication = (channel: ChannelState, application: string, data: string) => {
    channel.application = application;
    channel.applicationData = data;
    emit(newexten(channel, vars));
  };

  /** DeviceStateChange with the device's aggregate state: still INUSE while another channel uses it. */
  const deviceState = (device: string, state: string) => emit(deviceStateChange(device, state));

  const endChannel = (channel: ChannelState, cause: number) => {
    if (!own.has(channel)) return;
    own.delete(channel);
    registry.remove(channel);
    channel.hungUp = true;
    emit(hangup(channel, vars, cause));
    const inUse = registry.list().some((other) => other.device === channel.device);
    deviceState(channel.device, inUse ? "INUSE" : "NOT_INUSE");
  };

  const leaveBridge = (call: Call, channel: ChannelState) => {
    const bridge = call.bridge;
    const index = bridge?.members.indexOf(channel) ?? -1;
    if (bridge === undefined || index < 0) return;
    bridge.members.splice(index, 1);
    channel.bridgeId = "";
    emit(bridgeMember("BridgeLeave", bridge, channel, vars));
  };

  const endCall = (call: Call, first: ChannelState, cause: number) => {
    if (call.ended) return;
    call.ended = true;
    const second = first === call.caller ? call.callee : call.caller;
    emit(hangupRequest(first, vars, cause));
    leaveBridge(call, first);
    endChannel(first, cause);
    if (second !== undefined) {
      leaveBridge(call, second);
      endChannel(second, cause);
    }
    if (call.bridge !== undefined) {
      registry.removeBridge(call.bridge);
      emit(bridgeDestroy(call.bridge));
    }
    stats.callsEnded++;
    registry.callEnded(call);
  };

  const newCall = (caller: ChannelState): Call => {
    const call: Call = {
      caller,
      ended: false,
      hangup: (channel, cause) => endCall(call, channel, cause),
      abandon: () => {
        call.ended = true;
      },
    };
    registry.add(caller, call);
    return call;
  };

  const answerAndBridge = (call: Call, callee: ChannelState) => {
    if (call.ended) return;
    const caller = call.caller;
    setState(callee, STATE.up);
    emit(dialEnd(callee, vars, "ANSWER", caller));
    if (caller.state !== STATE.up) setState(caller, STATE.up);
    deviceState(callee.device, "INUSE");
    const bridge = new BridgeState(randomUuid(random));
    call.bridge = bridge;
    registry.addBridge(bridge);
    emit(bridgeCreate(bridge));
    for (const channel of [caller, callee]) {
      bridge.members.push(channel);
      channel.bridgeId = bridge.uniqueid;
      emit(bridgeMember("BridgeEnter", bridge, channel, vars));
    }
    later(randomBetween(random, talkMin, talkMax), () => {
      endCall(call, random() < 0.5 ? caller : callee, CAUSE.normalClearing);
    });
  };

  /** Dials `target` from the caller's channel (the `Dial` application), then plays out the outcome. */
  const dial = (call: Call, target: SimulatedEndpoint, outcome: CallOutcome) => {
    const caller = call.caller;
    runApplication(caller, "Dial", `PJSIP/${target.endpoint},30`);
    const callee = newChannel(`PJSIP/${target.endpoint}`, call, {
      linkedid: caller.linkedid,
      state: STATE.down,
      callerIdNum: target.extension,
      callerIdName: "<unknown>",
      connectedLineNum: caller.callerIdNum,
      connectedLineName: caller.callerIdName,
      context: caller.context,
      exten: target.extension,
    });
    callee.application = "AppDial";
    callee.applicationData = "(Outgoing Line)";
    call.callee = callee;
    emit(dialBegin(callee, vars, target.endpoint, caller));
    later(randomBetween(random, 20, 80), () => {
      if (call.ended) return;
      if (outcome === "busy") {
        callee.state = STATE.busy;
        emit(dialEnd(callee, vars, "BUSY", caller));
        endCall(call, callee, CAUSE.userBusy);
        return;
      }
      setState(callee, STATE.ringing);
      deviceState(callee.device, "RINGING");
      if (outcome === "no-answer") {
        later(randomBetween(random, ringMax, ringMax * 2), () => {
          if (call.ended) return;
          emit(dialEnd(callee, vars, "NOANSWER", caller));
          endCall(call, callee, CAUSE.noAnswer);
        });
        return;
      }
      later(randomBetween(random, ringMin, ringMax), () => answerAndBridge(call, callee));
    });
  };

  const chooseOutcome = (): CallOutcome => {
    const roll = random();
    return roll < 0.8 ? "answered" : roll < 0.9 ? "busy" : "no-answer";
  };

  const endpointNamed = (name: string | undefined): SimulatedEndpoint | undefined =>
    name === undefined ? undefined : endpoints.find((entry) => entry.endpoint === name);

  const placeCall = (request: PlaceCallOptions = {}): ChannelState => {
    const from = endpointNamed(request.from) ?? pick(random, endpoints);
    const others = endpoints.filter((entry) => entry !== from);
    const to = endpointNamed(request.to) ?? pick(random, others);
    const outcome = request.outcome ?? chooseOutcome();
    stats.callsStarted++;
    const caller = newChannel(`PJSIP/${from.endpoint}`, undefined, {
      state: STATE.ring,
      callerIdNum: from.extension,
      callerIdName: from.name,
      context: "from-internal",
      exten: to.extension,
    });
    const call = newCall(caller);
    deviceState(caller.device, "INUSE");
    dial(call, to, outcome);
    return caller;
  };

  const placeQueueCall = (request: PlaceQueueCallOptions = {}): ChannelState => {
    if (options.fake === undefined) throw new RangeError("queue calls need the simulator's `fake`");
    const destinations = queueTraffic?.destinations ?? [];
    const destination =
      request.destination ?? (destinations.length > 0 ? pick(random, destinations) : undefined);
    if (destination === undefined) {
      throw new RangeError("placeQueueCall needs a destination (none given, no queueTraffic.destinations)");
    }
    const [patienceMin, patienceMax] = queueTraffic?.patienceSeconds ?? [10, 60];
    const number = `0155501${String(randomBetween(random, 0, 99)).padStart(2, "0")}`;
    const caller = startQueueCall(coreOf(options.fake), {
      destination,
      callerId: request.callerId ?? `"Caller ${number.slice(-4)}" <${number}>`,
      patienceSeconds: request.patienceSeconds ?? randomBetween(random, patienceMin, patienceMax),
    });
    stats.callsStarted++;
    stats.queueCallsStarted++;
    return caller;
  };

  const pauseMember = (queue: string, memberInterface: string, paused: boolean, reason = "") => {
    if (options.fake === undefined) return false;
    return setMemberPaused(coreOf(options.fake), { queue, interface: memberInterface }, paused, reason);
  };

  /** Now and then a random member is paused with a reason, or unpaused if it was paused. */
  const schedulePauses = () => {
    const every = queueTraffic?.pauseEveryMs ?? 0;
    if (every <= 0 || options.fake === undefined) return;
    const core = coreOf(options.fake);
    const reasons = queueTraffic?.pauseReasons ?? ["lunch", "break", "training"];
    pauser = setTimeout(
      () => {
        const members = queueMembers(core);
        if (members.length > 0) {
          const member = pick(random, members);
          const reason = reasons.length > 0 ? pick(random, reasons) : "";
          if (!setMemberPaused(core, member, true, reason)) setMemberPaused(core, member, false);
        }
        schedulePauses();
      },
      Math.max(1, Math.round(every * (0.5 + random()))),
    );
  };

  const originate = (request: SimulatedOriginate): string | undefined => {
    const target = request.Channel ?? "";
    const technology = target.split("/")[0] ?? "";
    if (!target.includes("/") || !KNOWN_TECHNOLOGIES.has(technology)) {
      return `Originate failed: no such channel technology "${technology}"`;
    }
    const callerId = parseCallerId(request.CallerID ?? "");
    const applicationRequested = request.Application !== undefined && request.Application !== "";
    later(5, () => {
      stats.callsStarted++;
      const channel = newChannel(target, undefined, {
        state: STATE.down,
        callerIdNum: callerId.number || "<unknown>",
        callerIdName: callerId.name || "<unknown>",
        context: request.Context ?? "default",
        exten: request.Exten ?? "s",
      });
      const call = newCall(channel);
      later(20, () => {
        if (call.ended) return;
        setState(channel, STATE.ringing);
        later(randomBetween(random, ringMin, ringMax), () => {
          if (call.ended) return;
          setState(channel, STATE.up);
          deviceState(channel.device, "INUSE");
          emit(
            originateResponse(
              {
                channel: target,
                context: request.Context,
                exten: request.Exten,
                priority: request.Priority,
                application: applicationRequested ? request.Application : undefined,
                data: request.Data,
                callerId: request.CallerID,
                variables: [],
                channelId: undefined,
                otherChannelId: undefined,
                async: true,
                actionId: request.ActionID,
              },
              { answered: true },
              channel,
              vars,
            ),
          );
          const destination = endpoints.find((entry) => entry.extension === channel.exten);
          if (!applicationRequested && destination !== undefined) {
            dial(call, destination, "answered");
            return;
          }
          runApplication(channel, request.Application ?? "Playback", request.Data ?? "demo-congrats");
          later(randomBetween(random, talkMin, talkMax), () => endCall(call, channel, CAUSE.normalClearing));
        });
      });
    });
    return undefined;
  };

  /** The next generated call: into a queue for `queueTraffic.share` of them, else between endpoints. */
  const placeNext = () => {
    // The die is only rolled with queue traffic, so a seed gives the same calls as before without it.
    if (queueTraffic !== undefined && random() < (queueTraffic.share ?? 0.3)) placeQueueCall();
    else placeCall();
  };

  const scheduleNextCall = () => {
    if (callsPerSecond <= 0) return;
    const meanGap = 1000 / callsPerSecond;
    const gap = Math.max(1, Math.round(meanGap * (0.5 + random())));
    generator = setTimeout(() => {
      placeNext();
      scheduleNextCall();
    }, gap);
  };

  const stop = () => {
    if (generator !== undefined) clearTimeout(generator);
    generator = undefined;
    if (pauser !== undefined) clearTimeout(pauser);
    pauser = undefined;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };

  const simulator: CallSimulator = {
    start() {
      if (generator !== undefined || pauser !== undefined) return;
      schedulePauses();
      if (callsPerSecond <= 0) return;
      placeNext();
      scheduleNextCall();
    },
    stop,
    placeCall,
    placeQueueCall,
    pauseMember,
    originate,
    hangup(channelName, cause = CAUSE.normalClearing) {
      const found = registry.find(channelName);
      if (found === undefined || !own.has(found.channel)) return false;
      found.call.hangup(found.channel, cause);
      return true;
    },
    hold(channelName, musicClass = "default") {
      const channel = registry.find(channelName)?.channel;
      if (channel === undefined) return false;
      channel.onHold = true;
      emit(holdEvent(channel, vars, musicClass));
      return true;
    },
    unhold(channelName) {
      const channel = registry.find(channelName)?.channel;
      if (channel === undefined) return false;
      channel.onHold = false;
      emit(unholdEvent(channel, vars));
      return true;
    },
    channels: () => registry.list().filter((channel) => own.has(channel)),
    channel(name) {
      const found = registry.find(name)?.channel;
      return found !== undefined && own.has(found) ? found : undefined;
    },
    stats,
  };
  if (options.fake !== undefined) answerOriginate(options.fake, simulator);
  registry.onShutdown(stop);
  return simulator;
}

/** The queue traffic options, checked: only with a fake, a share within 0–1, at least one destination. */
function checkQueueTraffic(options: CallSimulatorOptions): QueueTrafficOptions | undefined {
  const traffic = options.queueTraffic;
  if (traffic === undefined) return undefined;
  if (options.fake === undefined) throw new RangeError("queueTraffic needs the simulator's `fake`");
  const share = traffic.share ?? 0.3;
  if (!(share >= 0 && share <= 1))
    throw new RangeError(`queueTraffic.share must be within 0–1, not ${share}`);
  if (traffic.destinations.length === 0) throw new RangeError("queueTraffic needs at least one destination");
  const dialplan = coreOf(options.fake).options.dialplan;
  for (const destination of traffic.destinations) {
    const [exten = "", context = ""] = destination.split("@");
    if (dialplan[context]?.[exten] === undefined) {
      throw new RangeError(
        `queueTraffic destination ${JSON.stringify(destination)}: the fake's dialplan has no such extension`,
      );
    }
  }
  return traffic;
}

/** The channel model the calls live in: the fake's, or one of the simulator's own around `emit`. */
function channelModel(
  options: CallSimulatorOptions,
  now: () => number,
): { registry: ChannelRegistry; vars: readonly string[] } {
  if (options.fake !== undefined) {
    const core = coreOf(options.fake);
    return { registry: core.channels, vars: core.options.channelvars };
  }
  const sink = options.emit as NonNullable<CallSimulatorOptions["emit"]>;
  const host: ChannelHost = {
    options: { clock: "real", timeScale: 1 },
    emitFields: (fields) => sink(Object.fromEntries(fields)),
  };
  return { registry: new ChannelRegistry(host, 0, now), vars: [] };
}

/**
 * The fake's `Originate` goes to the simulator, for any technology it knows: `Originate successfully
 * queued` at once, `OriginateResponse` (with the ActionID) once the simulated channel answers.
 */
function answerOriginate(fake: FakeAsterisk, simulator: CallSimulator): void {
  fake.handle("Originate", (request: FakeActionRequest) => {
    const failure = simulator.originate({
      Channel: request.get("Channel"),
      Exten: request.get("Exten"),
      Context: request.get("Context"),
      Priority: request.get("Priority"),
      Application: request.get("Application"),
      Data: request.get("Data"),
      CallerID: request.get("CallerID"),
      ActionID: request.actionId,
    });
    if (request.get("Channel") === undefined) request.error("Channel not specified");
    else if (failure !== undefined) request.error("Originate failed");
    else request.success("Originate successfully queued");
    return undefined;
  });
}
