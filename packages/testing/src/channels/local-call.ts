import type { FieldList } from "../fields.ts";
import type { FakeDialplanStep } from "../options.ts";
import type { ServerCore } from "../server-core.ts";
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
  softHangupRequest,
  varSet,
} from "./channel-events.ts";
import type { CallHandle } from "./channel-registry.ts";

/** @internal What an Originate asked for. */
export interface OriginateParams {
  readonly channel: string;
  readonly context: string | undefined;
  readonly exten: string | undefined;
  readonly priority: string | undefined;
  readonly application: string | undefined;
  readonly data: string | undefined;
  readonly callerId: string | undefined;
  readonly variables: readonly (readonly [string, string])[];
  readonly channelId: string | undefined;
  readonly otherChannelId: string | undefined;
  readonly async: boolean;
  readonly actionId: string | undefined;
}

/** @internal How an originated call got on: answered, or failed with an OriginateResponse `Reason`. */
export type OriginateOutcome =
  | { readonly answered: true }
  | { readonly answered: false; readonly reason: number };

/** @internal `Local/exten@context[/n]` split into its parts, or undefined for another technology. */
export function parseLocal(channel: string): { exten: string; context: string } | undefined {
  const match = /^Local\/([^@/]+)@([^/]+)(\/[a-z]*)?$/i.exec(channel.trim());
  if (match === null) return undefined;
  return { exten: match[1] as string, context: match[2] as string };
}

/**
 * @internal `OriginateResponse`, as `fast_originate` in Asterisk's manager.c builds it: the ActionID first,
 * then one `ChanVariable(<channel>): NAME=value` per channelvar when a channel exists.
 */
export function originateResponse(
  params: OriginateParams,
  outcome: OriginateOutcome,
  channel: ChannelState | undefined,
  channelvars: readonly string[],
): FieldList {
  const callerId = params.callerId !== undefined ? parseCallerId(params.callerId) : undefined;
  const fields: FieldList = [
    ["Event", "OriginateResponse"],
    ["Privilege", "call,all"],
  ];
  if (params.actionId !== undefined) fields.push(["ActionID", params.actionId]);
  fields.push(
    ["Response", outcome.answered ? "Success" : "Failure"],
    ["Channel", outcome.answered && channel !== undefined ? channel.name : params.channel],
  );
  if (params.application !== undefined) {
    fields.push(["Application", params.application], ["Data", params.data ?? ""]);
  } else {
    fields.push(["Context", params.context ?? ""], ["Exten", params.exten ?? ""]);
  }
  fields.push(
    ["Reason", outcome.answered ? "4" : String(outcome.reason)],
    [
      "Uniqueid",
      outcome.answered && channel !== undefined ? channel.uniqueid : (params.channelId ?? "<unknown>"),
    ],
    ["CallerIDNum", callerId?.number || "<unknown>"],
    ["CallerIDName", callerId?.name || "<unknown>"],
  );
  if (outcome.answered && channel !== undefined) {
    for (const name of channelvars) {
      fields.push([`ChanVariable(${channel.name})`, `${name}=${channel.variables.get(name) ?? ""}`]);
    }
  }
  return fields;
}

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

  constructor(server: ServerCore, params: OriginateParams, target: { exten: string; context: string }) {
    this.#server = server;
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
    const one = new ChannelState(`${stem};1`, oneId, oneId, 0, context, exten);
    const two = new ChannelState(`${stem};2`, twoId, oneId, 4, context, exten);
    this.#one = one;
    this.#two = two;
    registry.add(one, this);
    registry.add(two, this);
    const vars = this.#vars;

    this.#emit(newchannel(one, vars));
    this.#emit(newchannel(two, vars));
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
    for (const [name, value] of variables) {
      two.variables.set(name, value);
      this.#emit(varSet(two, vars, name, value));
    }
    if (callerId !== undefined) {
      two.callerIdNum = callerId.number;
      two.callerIdName = callerId.name;
      two.connectedLineNum = callerId.number;
      two.connectedLineName = callerId.name;
      this.#emit(newCallerid(two, vars));
      this.#emit(newConnectedLine(two, vars));
    }
    this.#emit(localBridge(one, two, vars));
    this.#emit(dialBegin(one, vars, `${exten}@${context}`));
    await this.#runDialplan(two, this.#steps ?? []);
    if (!this.#ended) this.#end(two, 16, true);
  }

  async #runDialplan(channel: ChannelState, steps: readonly FakeDialplanStep[]): Promise<void> {
    const vars = this.#vars;
    for (let index = 0; index < steps.length && !this.#ended; index++) {
      const [application, data = ""] = steps[index] as FakeDialplanStep;
      channel.priority = index + 1;
      channel.application = application;
      channel.applicationData = data;
      this.#emit(newexten(channel, vars));
      const app = application.toLowerCase();
      if (app === "answer") {
        if (!this.#answered) this.#answer();
        // Asterisk runs the next priority on its own thread; let the answer events go out first.
        await new Promise((resolve) => setTimeout(resolve, 0));
      } else if (app === "set") {
        const equals = data.indexOf("=");
        const name = equals < 0 ? data : data.slice(0, equals);
        const value = equals < 0 ? "" : data.slice(equals + 1);
        if (/^CDR\(userfield\)$/i.test(name)) this.#userField = value;
        else if (!/^[A-Z_]+\(/i.test(name)) {
          channel.variables.set(name, value);
          this.#emit(varSet(channel, vars, name, value));
        }
      } else if (app === "userevent") {
        this.#emit(dialplanUserEvent(channel, vars, data));
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
    if (this.#params.async) this.#settleWith({ answered: true });
    two.state = 6;
    this.#emit(newstate(two, vars));
    one.state = 6;
    this.#emit(newstate(one, vars));
    this.#emit(dialEnd(one, vars, "ANSWER"));
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

  /** Hangs the call up: `from` initiates (soft hangup first when `soft`), its partner follows. */
  #end(from: ChannelState, cause: number, soft: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    const one = this.#one as ChannelState;
    const two = this.#two as ChannelState;
    const partner = from === one ? two : one;
    const vars = this.#vars;
    if (!this.#answered) this.#settleWith({ answered: false, reason: 1 });
    if (soft) {
      // The dialplan hung up (or the Hangup action): as recorded in originate-call.jsonl, where `from` is ;2.
      // UNVERIFIED when `from` is ;1 (a Hangup action on the originating half): no recording has it, and the
      // order depends on thread timing in chan_local/core_unreal that the source does not pin down. The
      // recorded ;1-finishes-first flow (the else branch) suggests Hangup(;1) may come before ;2's events.
      this.#emit(softHangupRequest(from, vars, cause));
      this.#emit(hangupRequest(partner, vars, cause));
      this.#emit(hangup(partner, vars, cause));
      this.#emit(hangup(from, vars, cause));
    } else {
      // The ;1 application finished first: as recorded for most calls of call-burst.jsonl.
      this.#emit(hangupRequest(partner, vars, 0));
      this.#emit(hangup(from, vars, 0));
      this.#emit(softHangupRequest(partner, vars, 16));
      this.#emit(hangup(partner, vars, 0));
    }
    this.#server.channels.remove(one);
    this.#server.channels.remove(two);
    // Asterisk reports the device's aggregate state: still INUSE while other calls use the same device.
    const state = this.#server.channels.list().some((channel) => channel.device === one.device)
      ? "INUSE"
      : "NOT_INUSE";
    this.#emit(deviceStateChange(one.device, state));
    this.#emit(deviceStateChange(one.device, state));
    this.#finish();
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
    this.#ended = true;
    this.#endedResolve();
    this.#abandonWith({ answered: false, reason: 0 });
  }
}
