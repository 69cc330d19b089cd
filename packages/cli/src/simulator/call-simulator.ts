import {
  ChannelState,
  defaultEndpoints,
  type SimulatedBridge,
  type SimulatedChannel,
  type SimulatedEndpoint,
} from "./channel-model.ts";
import {
  bridgeChannelEvent,
  bridgeSnapshot,
  channelEvent,
  deviceStateEvent,
  dialEvent,
  type EventFields,
  HangupCause,
  type HangupCauseEntry,
} from "./event-shapes.ts";
import { pick, randomBetween, randomUuid, seededRandom } from "./random.ts";

/** How a simulated call ends up. */
export type CallOutcome = "answered" | "busy" | "no-answer";

/** Options of {@link createCallSimulator}. */
export interface CallSimulatorOptions {
  /** Receives every event, in order (typically the fake Asterisk's `emit`). */
  readonly emit: (event: EventFields) => void;
  /** New calls started per second by {@link CallSimulator.start} (fractions allowed; default 1). */
  readonly callsPerSecond?: number;
  /** The users who call each other (default: six PJSIP endpoints, 1001–1006). */
  readonly endpoints?: readonly SimulatedEndpoint[];
  /** Seed for the random choices (default 1), so a run can be repeated. */
  readonly seed?: number;
  /** How long a callee rings before answering, in ms: `[min, max]` (default `[300, 1500]`). */
  readonly ringMs?: readonly [number, number];
  /** How long an answered call lasts, in ms: `[min, max]` (default `[1000, 5000]`). */
  readonly talkMs?: readonly [number, number];
  /** The clock, ms since the epoch (default `Date.now`). */
  readonly now?: () => number;
}

/** What to call when placing a call by hand. */
export interface PlaceCallOptions {
  /** Caller endpoint name (`alice`); random when absent. */
  readonly from?: string;
  /** Callee endpoint name (`bob`); random (other than the caller) when absent. */
  readonly to?: string;
  /** Force the outcome; random (mostly answered) when absent. */
  readonly outcome?: CallOutcome;
}

/** The headers of an Originate action the simulator understands. */
export interface OriginateRequest {
  readonly Channel?: string | undefined;
  readonly Exten?: string | undefined;
  readonly Context?: string | undefined;
  readonly Priority?: string | undefined;
  readonly Application?: string | undefined;
  readonly Data?: string | undefined;
  readonly CallerID?: string | undefined;
  readonly ActionID?: string | undefined;
}

/** Running totals of a simulation. */
export interface SimulationStats {
  callsStarted: number;
  callsEnded: number;
  eventsEmitted: number;
}

/**
 * A generator of realistic call traffic: PJSIP endpoints calling each other through `Dial`, with the
 * events Asterisk 22 sends for it (Newchannel, Newexten, DialBegin, Newstate, DialEnd, BridgeCreate,
 * BridgeEnter, HangupRequest, BridgeLeave, Hangup, BridgeDestroy, DeviceStateChange), and the state
 * behind them so actions can be answered consistently (CoreShowChannels, Hangup, Originate).
 */
export interface CallSimulator {
  /** Starts placing calls at the configured rate. Idempotent. */
  start(): void;
  /** Stops placing calls and cancels every pending step; calls in progress freeze where they are. */
  stop(): void;
  /** Places one call now; returns the caller's channel. */
  placeCall(options?: PlaceCallOptions): SimulatedChannel;
  /**
   * Simulates an Originate: the channel is created, rings and answers, `OriginateResponse` (with the
   * action's ActionID) follows, then the call proceeds to the extension (dialling the endpoint that has
   * it) or runs the application. Returns the error message Asterisk would answer with, or `undefined` when
   * the Originate is accepted.
   */
  originate(request: OriginateRequest): string | undefined;
  /** Hangs up the call a channel belongs to; `false` when there is no such channel. */
  hangup(channelName: string, cause?: HangupCauseEntry): boolean;
  /** The live channels, oldest first. */
  channels(): readonly SimulatedChannel[];
  /** Finds a live channel by name. */
  channel(name: string): SimulatedChannel | undefined;
  /** Running totals: calls started and ended, events emitted. */
  readonly stats: Readonly<SimulationStats>;
}

interface Call {
  readonly caller: SimulatedChannel;
  callee?: SimulatedChannel;
  bridge?: SimulatedBridge;
  ended: boolean;
}

/** Technologies the simulator accepts in an Originate's `Channel`. */
const knownTechnologies = new Set(["PJSIP", "SIP", "IAX2", "DAHDI", "Local"]);

/**
 * Creates a call simulator. It only emits events through `options.emit` and keeps its own state: wire
 * it to a fake Asterisk with `attachSimulator` (or use it with any event sink).
 */
export function createCallSimulator(options: CallSimulatorOptions): CallSimulator {
  const endpoints = options.endpoints ?? defaultEndpoints;
  if (endpoints.length < 2) throw new RangeError("the simulator needs at least two endpoints");
  const random = seededRandom(options.seed ?? 1);
  const now = options.now ?? Date.now;
  const [ringMin, ringMax] = options.ringMs ?? [300, 1500];
  const [talkMin, talkMax] = options.talkMs ?? [1000, 5000];
  const callsPerSecond = options.callsPerSecond ?? 1;
  const epoch = Math.floor(now() / 1000);
  const live = new Map<string, SimulatedChannel>();
  const callOf = new Map<string, Call>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const stats: SimulationStats = { callsStarted: 0, callsEnded: 0, eventsEmitted: 0 };
  let sequence = 0;
  let channelSequence = 0;
  let generator: ReturnType<typeof setTimeout> | undefined;

  const emit = (event: EventFields) => {
    stats.eventsEmitted++;
    options.emit(event);
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
    fields: Pick<SimulatedChannel, "callerIdNum" | "callerIdName" | "context" | "exten"> & {
      linkedid?: string;
      state: SimulatedChannel["state"];
      connectedLineNum?: string;
      connectedLineName?: string;
    },
  ): SimulatedChannel => {
    const uniqueid = `${epoch}.${++sequence}`;
    const channel: SimulatedChannel = {
      name: `${device}-${(++channelSequence).toString(16).padStart(8, "0")}`,
      device,
      uniqueid,
      linkedid: fields.linkedid ?? uniqueid,
      state: fields.state,
      callerIdNum: fields.callerIdNum,
      callerIdName: fields.callerIdName,
      connectedLineNum: fields.connectedLineNum ?? "<unknown>",
      connectedLineName: fields.connectedLineName ?? "<unknown>",
      context: fields.context,
      exten: fields.exten,
      priority: "1",
      application: "",
      applicationData: "",
      bridgeId: "",
      createdAt: now(),
    };
    live.set(channel.name, channel);
    emit(channelEvent("Newchannel", channel));
    return channel;
  };

  const setState = (channel: SimulatedChannel, state: SimulatedChannel["state"]) => {
    channel.state = state;
    emit(channelEvent("Newstate", channel));
  };

  const runApplication = (channel: SimulatedChannel, application: string, data: string) => {
    channel.application = application;
    channel.applicationData = data;
    emit(
      channelEvent(
        "Newexten",
        channel,
        { Extension: channel.exten, Application: application, AppData: data },
        "dialplan,all",
      ),
    );
  };

  const endChannel = (channel: SimulatedChannel, cause: HangupCauseEntry) => {
    if (!live.has(channel.name)) return;
    live.delete(channel.name);
    callOf.delete(channel.name);
    emit(channelEvent("Hangup", channel, { Cause: cause.code, "Cause-txt": cause.text }));
    emit(deviceStateEvent(channel.device, "NOT_INUSE"));
  };

  const leaveBridge = (call: Call, channel: SimulatedChannel) => {
    const bridge = call.bridge;
    if (bridge === undefined || !bridge.channels.has(channel.name)) return;
    bridge.channels.delete(channel.name);
    channel.bridgeId = "";
    emit(bridgeChannelEvent("BridgeLeave", bridge, channel));
  };

  const endCall = (call: Call, first: SimulatedChannel, cause: HangupCauseEntry) => {
    if (call.ended) return;
    call.ended = true;
    const second = first === call.caller ? call.callee : call.caller;
    emit(channelEvent("HangupRequest", first, { Cause: cause.code }));
    leaveBridge(call, first);
    endChannel(first, cause);
    if (second !== undefined) {
      leaveBridge(call, second);
      endChannel(second, cause);
    }
    if (call.bridge !== undefined) {
      emit({ Event: "BridgeDestroy", Privilege: "call,all", ...bridgeSnapshot(call.bridge) });
    }
    stats.callsEnded++;
  };

  const answerAndBridge = (call: Call, callee: SimulatedChannel) => {
    if (call.ended) return;
    const caller = call.caller;
    setState(callee, ChannelState.up);
    emit(dialEvent("DialEnd", caller, callee, { DialStatus: "ANSWER" }));
    if (caller.state !== ChannelState.up) setState(caller, ChannelState.up);
    emit(deviceStateEvent(callee.device, "INUSE"));
    const bridge: SimulatedBridge = { uniqueid: randomUuid(random), channels: new Set() };
    call.bridge = bridge;
    emit({ Event: "BridgeCreate", Privilege: "call,all", ...bridgeSnapshot(bridge) });
    for (const channel of [caller, callee]) {
      bridge.channels.add(channel.name);
      channel.bridgeId = bridge.uniqueid;
      emit(bridgeChannelEvent("BridgeEnter", bridge, channel));
    }
    later(randomBetween(random, talkMin, talkMax), () => {
      endCall(call, random() < 0.5 ? caller : callee, HangupCause.normalClearing);
    });
  };

  /** Dials `target` from the caller's channel (the `Dial` application), then plays out the outcome. */
  const dial = (call: Call, target: SimulatedEndpoint, outcome: CallOutcome) => {
    const caller = call.caller;
    runApplication(caller, "Dial", `PJSIP/${target.endpoint},30`);
    const callee = newChannel(`PJSIP/${target.endpoint}`, {
      linkedid: caller.linkedid,
      state: ChannelState.down,
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
    callOf.set(callee.name, call);
    emit(dialEvent("DialBegin", caller, callee, { DialString: target.endpoint }));
    later(randomBetween(random, 20, 80), () => {
      if (call.ended) return;
      if (outcome === "busy") {
        callee.state = ChannelState.busy;
        emit(dialEvent("DialEnd", caller, callee, { DialStatus: "BUSY" }));
        endCall(call, callee, HangupCause.userBusy);
        return;
      }
      setState(callee, ChannelState.ringing);
      emit(deviceStateEvent(callee.device, "RINGING"));
      if (outcome === "no-answer") {
        later(randomBetween(random, ringMax, ringMax * 2), () => {
          if (call.ended) return;
          emit(dialEvent("DialEnd", caller, callee, { DialStatus: "NOANSWER" }));
          endCall(call, callee, HangupCause.noAnswer);
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

  const placeCall = (request: PlaceCallOptions = {}): SimulatedChannel => {
    const from = endpointNamed(request.from) ?? pick(random, endpoints);
    const others = endpoints.filter((entry) => entry !== from);
    const to = endpointNamed(request.to) ?? pick(random, others);
    const outcome = request.outcome ?? chooseOutcome();
    stats.callsStarted++;
    const caller = newChannel(`PJSIP/${from.endpoint}`, {
      state: ChannelState.ring,
      callerIdNum: from.extension,
      callerIdName: from.name,
      context: "from-internal",
      exten: to.extension,
    });
    const call: Call = { caller, ended: false };
    callOf.set(caller.name, call);
    emit(deviceStateEvent(caller.device, "INUSE"));
    dial(call, to, outcome);
    return caller;
  };

  const originate = (request: OriginateRequest): string | undefined => {
    const target = request.Channel ?? "";
    const technology = target.split("/")[0] ?? "";
    if (!target.includes("/") || !knownTechnologies.has(technology)) {
      return `Originate failed: no such channel technology "${technology}"`;
    }
    const callerId = parseCallerId(request.CallerID);
    const applicationRequested = request.Application !== undefined && request.Application !== "";
    later(5, () => {
      stats.callsStarted++;
      const channel = newChannel(target, {
        state: ChannelState.down,
        callerIdNum: callerId.number ?? "<unknown>",
        callerIdName: callerId.name ?? "<unknown>",
        context: request.Context ?? "default",
        exten: request.Exten ?? "s",
      });
      const call: Call = { caller: channel, ended: false };
      callOf.set(channel.name, call);
      later(20, () => {
        if (call.ended) return;
        setState(channel, ChannelState.ringing);
        later(randomBetween(random, ringMin, ringMax), () => {
          if (call.ended) return;
          setState(channel, ChannelState.up);
          emit(deviceStateEvent(channel.device, "INUSE"));
          emit({
            Event: "OriginateResponse",
            Privilege: "call,all",
            ...(request.ActionID === undefined ? {} : { ActionID: request.ActionID }),
            Response: "Success",
            Channel: channel.name,
            ...(applicationRequested
              ? { Application: request.Application ?? "", Data: request.Data ?? "" }
              : { Context: channel.context, Exten: channel.exten }),
            Reason: "4",
            Uniqueid: channel.uniqueid,
            CallerIDNum: channel.callerIdNum,
            CallerIDName: channel.callerIdName,
          });
          const destination = endpoints.find((entry) => entry.extension === channel.exten);
          if (!applicationRequested && destination !== undefined) {
            dial(call, destination, "answered");
            return;
          }
          runApplication(channel, request.Application ?? "Playback", request.Data ?? "demo-congrats");
          later(randomBetween(random, talkMin, talkMax), () =>
            endCall(call, channel, HangupCause.normalClearing),
          );
        });
      });
    });
    return undefined;
  };

  const scheduleNextCall = () => {
    if (callsPerSecond <= 0) return;
    const meanGap = 1000 / callsPerSecond;
    const gap = Math.max(1, Math.round(meanGap * (0.5 + random())));
    generator = setTimeout(() => {
      placeCall();
      scheduleNextCall();
    }, gap);
  };

  return {
    start() {
      if (generator !== undefined || callsPerSecond <= 0) return;
      placeCall();
      scheduleNextCall();
    },
    stop() {
      if (generator !== undefined) clearTimeout(generator);
      generator = undefined;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
    placeCall,
    originate,
    hangup(channelName, cause = HangupCause.normalClearing) {
      const channel = live.get(channelName);
      if (channel === undefined) return false;
      const call = callOf.get(channelName);
      if (call === undefined) endChannel(channel, cause);
      else endCall(call, channel, cause);
      return true;
    },
    channels: () => [...live.values()],
    channel: (name) => live.get(name),
    stats,
  };
}

/** Splits `"Alice" <1001>` (or `1001`, or `Alice <1001>`) into name and number. */
export function parseCallerId(text: string | undefined): { name?: string; number?: string } {
  if (text === undefined || text.trim() === "") return {};
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(text);
  if (match !== null) {
    const name = match[1]?.trim() ?? "";
    const number = match[2]?.trim() ?? "";
    return { ...(name === "" ? {} : { name }), ...(number === "" ? {} : { number }) };
  }
  return /^[\d*#+]+$/.test(text.trim()) ? { number: text.trim() } : { name: text.trim() };
}
