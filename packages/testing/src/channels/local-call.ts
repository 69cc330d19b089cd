import type { FieldList } from "../fields.ts";
import type { FakeDialplanStep } from "../options.ts";
import { parkedCallApp } from "../parking/parking-actions.ts";
import type { RetrieverHost } from "../parking/parking-lots.ts";
import { runQueue } from "../queues/queue-app.ts";
import { dialState } from "../queues/queue-call-events.ts";
import type { ServerCore } from "../server-core.ts";
import type { BridgeState } from "./bridge.ts";
import { bridgeCreate } from "./bridge-events.ts";
import { ChannelState, parseCallerId } from "./channel.ts";
import {
  cdrEvent,
  deviceStateChange,
  dialBegin,
  dialEnd,
  dialplanUserEvent,
  hangup,
  hangupRequest,
  localBridge,
  newCallerid,
  newConnectedLine,
  newchannel,
  newexten,
  newstate,
  noOptimisation,
  softHangupRequest,
  varSet,
} from "./channel-events.ts";
import type { CallHandle } from "./channel-registry.ts";
import { type ConferenceHost, joinConference } from "./conference.ts";
import { leaveBridgeOnHangup } from "./hangup-bridge-leave.ts";
import { announcingPendingCallerId, type HangupFlow, hangupEvents } from "./hangup-flows.ts";
import {
  type BridgedDial,
  type DialHost,
  dialLocal,
  dialledIntroduction,
  type LocalDialler,
} from "./local-dial.ts";
import { optimiseAway } from "./local-optimization.ts";
import { type OriginateOutcome, type OriginateParams, originateResponse } from "./originate-response.ts";

/**
 * @internal One originated call to a Local channel, simulated with the event flow Asterisk 22 produces:
 * two halves (`;1` runs the Originate's application, `;2` runs the dialplan), LocalBridge, DialBegin,
 * answer, the dialplan's applications (Answer, Set, UserEvent, Wait, Echo, Hangup …) and hangup.
 */
export class LocalCall implements CallHandle {
  readonly #server: ServerCore;
  readonly #params: OriginateParams;
  readonly #target: { exten: string; context: string };
  readonly #steps: readonly FakeDialplanStep[] | undefined;
  readonly #vars: readonly string[];
  #one: ChannelState | undefined;
  #two: ChannelState | undefined;
  #answered = false;
  #answeredAt: number | undefined;
  #userField = "";
  readonly #startedAt = Date.now();
  #ended = false;
  #endedResolve!: () => void;
  readonly #endedPromise: Promise<void>;
  #settle: ((outcome: OriginateOutcome) => void) | undefined;
  #dialler: LocalDialler | undefined;
  /** The Local call a `Dial()` of this call is connected to, while it lasts. */
  #peer: { hangUp(cause: number): void } | undefined;
  /** While a channel of this call is in a ConfBridge: leaves it (before any hang-up event). */
  #leaveHook: (() => void) | undefined;
  /** While this call's ;2 is bridged by ParkedCall(): it leaves, once ;1 has hung up (park.jsonl). */
  #retrieverLeave: (() => void) | undefined;
  /** Whether a channel of this call has been in a ConfBridge (the hang-up order then follows it). */
  #conferenced = false;
  /** Devices of Local calls this one dialled: their DeviceStateChange comes when this call ends. */
  readonly #deferredDevices: string[] = [];
  /**
   * A dialled call whose ;2 has not reached its first priority yet (see
   * {@link LocalDialler.dialplanStartsLater}) and was hung up meanwhile: the rest of its hang-up, run when ;2
   * gets there.
   */
  #lateHangup: (() => void) | undefined;
  /** Whether this call's ;2 has started its dialplan (always, but for a dialler that starts it later). */
  #twoStarted = true;

  /**
   * @param dialler - set when the call is dialled by a channel's `Dial(Local/…)` rather than originated:
   *   the dialling channel, told when this call answers and hangs up.
   */
  constructor(
    server: ServerCore,
    params: OriginateParams,
    target: { exten: string; context: string },
    dialler?: LocalDialler,
  ) {
    this.#server = server;
    this.#dialler = dialler;
    this.#params = params;
    this.#target = target;
    this.#steps = server.options.dialplan[target.context]?.[target.exten];
    this.#vars = server.options.channelvars;
    this.#endedPromise = new Promise((resolve) => {
      this.#endedResolve = resolve;
    });
  }

  /** Whether the dialplan has the target extension (else the call fails at once). */
  get routable(): boolean {
    return this.#steps !== undefined && this.#steps.length > 0;
  }

  #emit(fields: FieldList): void {
    this.#server.channels.emit(fields);
  }

  /** Starts the call; resolves once it is answered or has failed. The call goes on afterwards. */
  start(): Promise<OriginateOutcome> {
    return new Promise((resolve) => {
      this.#settle = resolve;
      this.#run().catch(() => this.#abandonWith({ answered: false, reason: 0 }));
    });
  }

  /** Settles start(); an async Originate also gets its OriginateResponse here, in flow order. */
  #settleWith(outcome: OriginateOutcome): void {
    if (this.#settle === undefined) return;
    if (this.#params.async) {
      this.#emit(originateResponse(this.#params, outcome, this.#one, this.#vars));
    }
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(outcome);
  }

  #abandonWith(outcome: OriginateOutcome): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(outcome);
  }

  async #run(): Promise<void> {
    const registry = this.#server.channels;
    const { exten, context } = this.#target;
    const stem = registry.nextLocalStem(this.#params.channel.replace(/\/[a-z]*$/i, ""));
    const oneId = this.#params.channelId ?? registry.nextUniqueid();
    const twoId =
      this.#params.otherChannelId ??
      (this.#params.channelId !== undefined ? `${this.#params.channelId};2` : registry.nextUniqueid());
    const linkedid = this.#dialler?.caller.linkedid ?? oneId;
    const one = new ChannelState(`${stem};1`, oneId, linkedid, 0, context, exten);
    const two = new ChannelState(`${stem};2`, twoId, linkedid, 4, context, exten);
    this.#one = one;
    this.#two = two;
    registry.add(one, this);
    registry.add(two, this);
    const vars = this.#vars;

    this.#emit(newchannel(one, vars));
    this.#emit(newchannel(two, vars));
    if (this.#dialler !== undefined) {
      const introduction =
        this.#dialler.introduce?.(one, two) ??
        dialledIntroduction(
          one,
          two,
          this.#dialler.caller,
          this.#params.channel.slice("Local/".length),
          vars,
        );
      for (const fields of introduction) {
        this.#emit(fields);
      }
      if (this.#dialler.dialplanStartsLater === true) {
        // ;2's PBX thread reaches its first priority after the dialler is done placing the calls of this try.
        this.#twoStarted = false;
        await new Promise((resolve) => setTimeout(resolve, 0));
        this.#twoStarted = true;
        const lateHangup = this.#lateHangup;
        this.#lateHangup = undefined;
        if (lateHangup !== undefined) {
          lateHangup();
          return;
        }
        if (this.#ended) return;
      }
      await this.#runDialplan(two, this.#steps ?? []);
      if (!this.#ended) this.#end(two, 16, true);
      return;
    }
    one.application = "AppDial2";
    one.applicationData = "(Outgoing Line)";
    this.#emit(newexten(one, vars));

    if (!this.routable) {
      this.#emit(hangup(two, vars, 0));
      registry.remove(two);
      if (this.#params.async) {
        this.#emit(deviceStateChange(one.device, "INVALID"));
        this.#settleWith({ answered: false, reason: 0 });
        this.#emit(hangup(one, vars, 0));
        this.#emit(deviceStateChange(one.device, "INVALID"));
      } else {
        this.#emit(hangup(one, vars, 0));
        this.#emit(deviceStateChange(one.device, "INVALID"));
        this.#emit(deviceStateChange(one.device, "INVALID"));
        this.#settleWith({ answered: false, reason: 0 });
      }
      registry.remove(one);
      this.#finish();
      return;
    }

    const variables = this.#params.variables;
    for (const [name, value] of [...variables].reverse()) {
      one.variables.set(name, value);
      this.#emit(varSet(one, vars, name, value));
    }
    const callerId = this.#params.callerId !== undefined ? parseCallerId(this.#params.callerId) : undefined;
    if (callerId !== undefined) {
      one.callerIdNum = callerId.number;
      one.callerIdName = callerId.name;
      this.#emit(newCallerid(one, vars));
      one.connectedLineNum = callerId.number;
      one.connectedLineName = callerId.name;
      this.#emit(newConnectedLine(one, vars));
    }
    // On ;2 the VarSet snapshots do not show the new values yet (bridge-two-party.jsonl, with channelvars).
    for (const [name, value] of variables) this.#emit(varSet(two, vars, name, value));
    for (const [name, value] of variables) two.variables.set(name, value);
    if (callerId !== undefined) {
      two.callerIdNum = callerId.number;
      two.callerIdName = callerId.name;
      two.connectedLineNum = callerId.number;
      two.connectedLineName = callerId.name;
      this.#emit(newCallerid(two, vars));
      this.#emit(newConnectedLine(two, vars));
    }
    this.#emit(localBridge(one, two, vars, this.#params.channel));
    this.#emit(dialBegin(one, vars, `${exten}@${context}`));
    await this.#runDialplan(two, this.#steps ?? []);
    if (!this.#ended) this.#end(two, 16, true);
  }

  /**
   * @param enteredUp - the channel was sent here already up (a blind transfer): its first priority, when it
   *   is Answer, runs without a Newexten of its own (recorded in blind-transfer.jsonl).
   */
  async #runDialplan(
    channel: ChannelState,
    steps: readonly FakeDialplanStep[],
    enteredUp = false,
  ): Promise<void> {
    const vars = this.#vars;
    for (let index = 0; index < steps.length && !this.#ended; index++) {
      const [application, data = ""] = steps[index] as FakeDialplanStep;
      const app = application.toLowerCase();
      if (enteredUp && index === 0 && app === "answer") continue;
      channel.priority = index + 1;
      channel.application = application;
      channel.applicationData = data;
      for (const fields of announcingPendingCallerId(channel, vars, (target) => newexten(target, vars)))
        this.#emit(fields);
      if (app === "answer") {
        // main/channel.c __ast_answer: a channel that was ringing waits for media up to 500 ms after
        // answering (recorded: the next priority comes ~500 ms later in originate-call.jsonl).
        if (!this.#answered) {
          this.#answer();
          await this.#pause(0.5);
        } else await new Promise((resolve) => setTimeout(resolve, 0));
      } else if (app === "set") {
        const equals = data.indexOf("=");
        const name = equals < 0 ? data : data.slice(0, equals);
        const value = equals < 0 ? "" : data.slice(equals + 1);
        if (/^CDR\(userfield\)$/i.test(name)) this.#userField = value;
        else if (this.#server.deviceStates.writeFunction(name, value)) continue;
        else if (!/^[A-Z_]+\(/i.test(name)) {
          channel.variables.set(name, value);
          this.#emit(varSet(channel, vars, name, value));
        }
      } else if (app === "ringing") {
        // A dialled call's ;2 indicates ringing: its ;1 goes Ringing (queue-call.jsonl, agent3). Only for a
        // dialler that listens (Queue()); elsewhere Ringing() stays a no-op, as before (UNVERIFIED for Dial).
        // The Newstate makes the devstate thread read the Local device (core_local.c local_devicestate): INUSE,
        // this call's ;2 thread having been started (queue-call.jsonl, the first sales call).
        const one = this.#one;
        if (this.#dialler?.peerRinging !== undefined && one !== undefined && one.state < 5) {
          one.state = 5;
          this.#emit(newstate(one, vars));
          this.#emit(deviceStateChange(one.device, "INUSE"));
          this.#dialler.peerRinging(one);
        }
      } else if (app === "userevent") {
        this.#emit(dialplanUserEvent(channel, vars, data));
      } else if (app === "confbridge") {
        await joinConference(this.#conferenceHost(), channel, data);
      } else if (app === "dial") {
        await dialLocal(this.#dialHost(), channel, data);
      } else if (app === "queue") {
        const host = {
          ...this.#dialHost(),
          setPeer: (peer: { hangUp(cause: number): void } | undefined) => {
            this.#peer = peer;
          },
          indicateRinging: () => this.#indicateRinging(channel),
        };
        if ((await runQueue(host, channel, data)) === "hangup") {
          if (!this.#ended) this.#end(channel, 16, true);
          return;
        }
      } else if (app === "parkedcall") {
        // res/parking ParkedCall answers first (park.jsonl), then bridges with the parked call.
        if (!this.#answered) {
          this.#answer();
          await this.#pause(0.5);
        }
        if (!this.#ended) await parkedCallApp(this.#server, channel, data, this.#retrieverHost(channel));
      } else if (app === "wait") {
        await this.#pause(Number.parseFloat(data) || 0);
      } else if (app === "hangup") {
        this.#end(channel, 16, true);
        return;
      } else if (app === "echo" || app === "musiconhold" || app === "park") {
        await this.#endedPromise;
        return;
      }
    }
  }

  #pause(seconds: number): Promise<void> {
    return Promise.race([this.#server.channels.sleep(seconds), this.#endedPromise]);
  }

  #answer(): void {
    const one = this.#one as ChannelState;
    const two = this.#two as ChannelState;
    const vars = this.#vars;
    this.#answered = true;
    this.#answeredAt = Date.now();
    one.answeredAt = this.#server.channels.now();
    two.answeredAt = one.answeredAt;
    if (this.#dialler !== undefined) {
      two.state = 6;
      this.#emit(newstate(two, vars));
      if (this.#dialler.answersOne !== true) {
        one.state = 6;
        this.#emit(newstate(one, vars));
      }
      this.#dialler.peerAnswered(one, two);
      this.#settleWith({ answered: true });
      return;
    }
    if (this.#params.async) this.#settleWith({ answered: true });
    two.state = 6;
    this.#emit(newstate(two, vars));
    one.state = 6;
    this.#emit(newstate(one, vars));
    this.#emit(dialEnd(one, vars, "ANSWER"));
    one.inUseAnnounced = true;
    two.inUseAnnounced = true;
    this.#emit(deviceStateChange(one.device, "INUSE"));
    this.#emit(deviceStateChange(one.device, "INUSE"));
    if (!this.#params.async) this.#settleWith({ answered: true });
    void this.#runOriginator(one);
  }

  /** The `;1` half runs the Originate's application (or its Context/Exten) once answered. */
  async #runOriginator(one: ChannelState): Promise<void> {
    const application = this.#params.application;
    if (application !== undefined) {
      one.application = application;
      one.applicationData = this.#params.data ?? "";
      if (application.toLowerCase() === "wait") {
        await this.#pause(Number.parseFloat(this.#params.data ?? "") || 0);
        if (!this.#ended) this.#end(one, 16, false);
      }
      return;
    }
    const context = this.#params.context;
    const exten = this.#params.exten;
    const steps =
      context !== undefined && exten !== undefined ? this.#server.options.dialplan[context]?.[exten] : [];
    if (context !== undefined) one.context = context;
    if (exten !== undefined) one.exten = exten;
    await this.#runDialplan(one, steps ?? []);
    if (!this.#ended) this.#end(one, 16, true);
  }

  /** A half still in a bridge no flow took it out of leaves it before it hangs up (see the helper). */
  #leaveLeftoverBridge(channel: ChannelState): void {
    leaveBridgeOnHangup(
      { channels: this.#server.channels, emitFields: (fields) => this.#emit(fields) },
      channel,
      this.#vars,
    );
  }

  /** Hangs the call up: `from` initiates (soft hangup first when `soft`), its partner follows. */
  #end(from: ChannelState, cause: number, soft: boolean, forced?: HangupFlow): void {
    if (this.#ended) return;
    this.#ended = true;
    const one = this.#one as ChannelState;
    const two = this.#two as ChannelState;
    const partner = from === one ? two : one;
    const vars = this.#vars;
    // An originated call hung up from ;2 while it still rang (queue-call.jsonl, the two sales callers): the
    // Originate fails with Reason 0 once ;1 is asked to hang up (below); other unanswered ends keep Reason 1.
    const unansweredOriginate =
      !this.#answered && this.#dialler === undefined && soft && from === two && forced === undefined;
    if (!this.#answered && !unansweredOriginate) this.#settleWith({ answered: false, reason: 1 });
    this.#peer?.hangUp(cause);
    const leaveHook = this.#leaveHook;
    this.#leaveHook = undefined;
    leaveHook?.();
    if (soft && this.#dialler !== undefined && forced === undefined) {
      // Dialled by Dial() and bridged: the bridged ;1 leaves the bridge before its Hangup; device states
      // follow when the dialler's call ends. From ;2 (its dialplan hung up) as recorded in
      // bridge-two-party.jsonl; from ;1 (the Hangup action on it) UNVERIFIED: no recording has it.
      this.#leaveLeftoverBridge(two);
      this.#emit(softHangupRequest(from, vars, cause));
      this.#emit(hangupRequest(partner, vars, cause));
      if (from === two) this.#emit(hangup(two, vars, cause));
      this.#dialler.peerHungUp(one);
      this.#leaveLeftoverBridge(one);
      this.#emit(hangup(one, vars, cause));
      if (from === one) this.#emit(hangup(two, vars, cause));
      this.#server.channels.remove(one);
      this.#server.channels.remove(two);
      this.#dialler.peerGone(one.device);
      this.#finish();
      return;
    }
    const flow: HangupFlow =
      forced ??
      (!soft
        ? "one-finished"
        : this.#conferenced
          ? "conference"
          : from === two && two.variables.has("DIALSTATUS")
            ? "after-dial"
            : from === one
              ? "one-first"
              : "two-first");
    const events =
      unansweredOriginate && flow === "two-first"
        ? this.#unansweredOriginateHangup(cause)
        : hangupEvents(flow, from, partner, vars, cause);
    if (flow === "cancelled" && !this.#twoStarted) {
      this.#cancelBeforeDialplan(events.slice(0, 2), cause);
      return;
    }
    const retrieverLeave = this.#retrieverLeave;
    this.#retrieverLeave = undefined;
    if (retrieverLeave !== undefined && flow === "one-finished") {
      // A retriever (ParkedCall) whose ;1 finished: ;1 hangs up, then ;2 leaves the bridge and follows.
      this.#emit(events[0] as FieldList);
      for (const fields of announcingPendingCallerId(from, vars, (target) => hangup(target, vars, 0)))
        this.#emit(fields);
      retrieverLeave();
      this.#leaveLeftoverBridge(one);
      this.#leaveLeftoverBridge(two);
      this.#emit(softHangupRequest(partner, vars, 16));
      this.#emit(hangup(partner, vars, 16));
    } else {
      retrieverLeave?.();
      this.#leaveLeftoverBridge(one);
      this.#leaveLeftoverBridge(two);
      for (const fields of events) this.#emit(fields);
    }
    this.#server.channels.remove(one);
    this.#server.channels.remove(two);
    // Asterisk reports the device's aggregate state: still INUSE while other calls use the same device.
    // The devices of the Local calls this one dialled come first (recorded in bridge-two-party.jsonl).
    for (const device of [...this.#deferredDevices, one.device]) {
      const state = this.#server.channels.list().some((channel) => channel.device === device)
        ? "INUSE"
        : "NOT_INUSE";
      this.#emit(deviceStateChange(device, state));
      this.#emit(deviceStateChange(device, state));
    }
    this.#finish();
  }

  /**
   * The hang-up of an originated call whose ;2 (not answered) was hung up (queue-call.jsonl, the Hangup
   * action on a queue caller still ringing): SoftHangupRequest ;2, HangupRequest ;1 (cause 0), the
   * Originate's DialEnd NOANSWER toward ;1 and its OriginateResponse (Failure, Reason 0), then both Hangup
   * (cause 0). The order of the last four is the second caller's; the first's differs (threads).
   */
  #unansweredOriginateHangup(cause: number): FieldList[] {
    const one = this.#one as ChannelState;
    const two = this.#two as ChannelState;
    const vars = this.#vars;
    const events: FieldList[] = [
      softHangupRequest(two, vars, cause),
      hangupRequest(one, vars, 0),
      dialEnd(one, vars, "NOANSWER"),
    ];
    if (this.#settle !== undefined && this.#params.async)
      events.push(originateResponse(this.#params, { answered: false, reason: 0 }, one, vars));
    this.#abandonWith({ answered: false, reason: 0 });
    events.push(hangup(one, vars, 0), hangup(two, vars, 0));
    return events;
  }

  /**
   * A member's call cancelled before its ;2 reached its first priority (queue-call.jsonl, agent1 of the
   * ringall try): `now` (HangupRequest ;2, Hangup ;1) at once; when ;2's thread gets there it still shows
   * the first priority's Newexten, then finds the hang-up: SoftHangupRequest (16) and Hangup ;2 while it is
   * still Ring. Its ;1 never went up.
   */
  #cancelBeforeDialplan(now: readonly FieldList[], cause: number): void {
    const one = this.#one as ChannelState;
    const two = this.#two as ChannelState;
    const vars = this.#vars;
    for (const fields of now) this.#emit(fields);
    this.#server.channels.remove(one);
    this.#lateHangup = () => {
      const [application, data = ""] = this.#steps?.[0] ?? [];
      if (application !== undefined) {
        two.priority = 1;
        two.application = application;
        two.applicationData = data;
        this.#emit(newexten(two, vars));
      }
      this.#emit(softHangupRequest(two, vars, 16));
      this.#emit(hangup(two, vars, cause));
      this.#server.channels.remove(two);
      const state = this.#server.channels.list().some((channel) => channel.device === one.device)
        ? "INUSE"
        : "NOT_INUSE";
      this.#emit(deviceStateChange(one.device, state));
      this.#emit(deviceStateChange(one.device, state));
      this.#finish();
    };
  }

  /**
   * `channel` (this originated call's ;2, not yet answered) asks for ringback: ;1 goes Ringing now; once the
   * ringing is dialled on, DialState RINGING toward ;1 and its device INUSE (queue-call.jsonl, Queue option r).
   */
  #indicateRinging(channel: ChannelState): { dialled(): void } | undefined {
    const one = this.#one;
    if (this.#dialler !== undefined || this.#answered || channel !== this.#two || one === undefined) return;
    one.state = 5;
    this.#emit(newstate(one, this.#vars));
    return {
      dialled: () => {
        if (this.#ended || this.#answered) return;
        this.#emit(dialState(one, this.#vars, "RINGING"));
        this.#emit(deviceStateChange(one.device, "INUSE"));
      },
    };
  }

  /** What `ConfBridge()` on one of this call's channels needs from the call. */
  #conferenceHost(): ConferenceHost {
    return {
      server: this.#server,
      vars: this.#vars,
      ended: this.#endedPromise,
      setLeaveHook: (hook) => {
        this.#conferenced = true;
        this.#leaveHook = hook;
      },
    };
  }

  /** What `ParkedCall()` on `channel` needs from the call. */
  #retrieverHost(channel: ChannelState): RetrieverHost {
    const one = this.#one as ChannelState;
    const two = this.#two as ChannelState;
    return {
      ended: this.#endedPromise,
      partner: channel === two ? one : two,
      setLeaveHook: (hook) => {
        this.#retrieverLeave = hook;
      },
    };
  }

  /** What `Dial()` on one of this call's channels needs from the call. */
  #dialHost(): DialHost {
    return {
      server: this.#server,
      vars: this.#vars,
      ended: this.#endedPromise,
      isEnded: () => this.#ended,
      setPeer: (peer) => {
        this.#peer = peer;
      },
      answerBy: (caller, bridge) => this.#answerByDial(caller, bridge),
      propagateAnswer: () => this.#propagateAnswer(),
      bridged: (dial) => this.#scheduleOptimisation(dial),
      deferDevice: (device) => this.#deferredDevices.push(device),
    };
  }

  /**
   * The dialled peer answered `caller` (this call's ;2): the caller goes up, the bridge is created, and —
   * for an originated call not yet answered — the Originate completes, in the order of
   * bridge-two-party.jsonl.
   */
  #answerByDial(caller: ChannelState, bridge: BridgeState): void {
    const one = this.#one as ChannelState;
    const vars = this.#vars;
    if (caller.state !== 6) {
      caller.state = 6;
      this.#emit(newstate(caller, vars));
      caller.inUseAnnounced = true;
      this.#emit(deviceStateChange(caller.device, "INUSE"));
    }
    this.#server.channels.addBridge(bridge);
    this.#emit(bridgeCreate(bridge));
    if (this.#answered || this.#dialler !== undefined) return;
    this.#answered = true;
    this.#answeredAt = Date.now();
    if (this.#params.async) this.#settleWith({ answered: true });
    one.state = 6;
    this.#emit(newstate(one, vars));
    this.#emit(dialEnd(one, vars, "ANSWER"));
    one.inUseAnnounced = true;
    this.#emit(deviceStateChange(one.device, "INUSE"));
    if (!this.#params.async) this.#settleWith({ answered: true });
    void this.#runOriginator(one);
  }

  /**
   * Both halves of this dialled call are bridged (;1 by its dialler's Dial, ;2 by its own): unless Dial was
   * told `/n`, the call is optimised away 520 ms later (as recorded: just after the far end's Answer has
   * waited its 500 ms for media).
   */
  #scheduleOptimisation(dial: BridgedDial): void {
    const dialler = this.#dialler;
    if (dialler === undefined || noOptimisation(this.#params.channel)) return;
    void this.#pause(0.52).then(() => {
      if (this.#ended || this.#dialler !== dialler) return;
      const one = this.#one as ChannelState;
      const two = this.#two as ChannelState;
      this.#ended = true;
      this.#peer = undefined;
      optimiseAway(this.#server, { one, two, dialler, dial }, this.#server.channels.nextOptimisationId());
      this.#endedResolve();
      this.#server.channels.callEnded(this);
    });
  }

  /** This call's ;1 now sits in `dialler`'s bridge (the Local call between was optimised away). */
  handOver(dialler: LocalDialler): void {
    this.#dialler = dialler;
  }

  /** A dialled call whose ;2 was answered by its own Dial: its ;1 goes up and its dialler is told. */
  #propagateAnswer(): void {
    if (this.#dialler === undefined || this.#answered) return;
    const one = this.#one as ChannelState;
    const two = this.#two as ChannelState;
    this.#answered = true;
    this.#answeredAt = Date.now();
    one.state = 6;
    this.#emit(newstate(one, this.#vars));
    this.#dialler.peerAnswered(one, two);
    this.#settleWith({ answered: true });
  }

  /**
   * The bridged ;1 of a dialled call was blind-transferred to `exten@context`: it leaves its dialler and runs
   * that dialplan (its ;2 goes on with its own), then hangs up.
   */
  async transferOne(context: string, exten: string): Promise<void> {
    const one = this.#one as ChannelState;
    this.#dialler = undefined;
    await this.#runDialplan(one, this.#server.options.dialplan[context]?.[exten] ?? [], true);
    if (!this.#ended) this.#end(one, 16, true);
  }

  /**
   * The bridge this call's ;1 was in broke up (the other party hung up): ;1 hangs up, then ;2
   * (attended-transfer.jsonl, the transferee after the target hung up).
   */
  dropFromBridge(cause = 16): void {
    if (this.#one !== undefined) this.#end(this.#one, cause, true, "one-dropped");
  }

  /**
   * A member's call rung by Queue() and not answered (cancelled, or rung out): ;2 is asked to hang up, ;1
   * hangs up, then ;2 (queue-call.jsonl).
   */
  cancel(cause: number): void {
    if (this.#one !== undefined) this.#end(this.#one, cause, false, "cancelled");
  }

  /** Hangs the whole call up (the call that dialled it is ending). */
  hangUp(cause: number): void {
    if (this.#two !== undefined) this.#end(this.#two, cause, true);
  }

  #finish(): void {
    if (this.#server.options.cdr && this.#two !== undefined && this.#one !== undefined) {
      const two = this.#two;
      const callerId = this.#params.callerId !== undefined ? parseCallerId(this.#params.callerId) : undefined;
      this.#emit(
        cdrEvent({
          source: callerId?.number ?? "",
          destination: this.#target.exten,
          destinationContext: this.#target.context,
          callerId: callerId === undefined ? "" : `"${callerId.name}" <${callerId.number}>`,
          channel: two.name,
          destinationChannel: "",
          lastApplication: two.application,
          lastData: two.applicationData,
          start: this.#startedAt,
          answer: this.#answeredAt,
          end: Date.now(),
          uniqueid: two.uniqueid,
          userField: this.#userField,
        }),
      );
    }
    this.#ended = true;
    this.#endedResolve();
    this.#server.channels.callEnded(this);
  }

  hangup(channel: ChannelState, cause: number): void {
    this.#end(channel, cause, true);
  }

  abandon(): void {
    this.#lateHangup = undefined;
    this.#ended = true;
    this.#endedResolve();
    this.#abandonWith({ answered: false, reason: 0 });
  }
}
