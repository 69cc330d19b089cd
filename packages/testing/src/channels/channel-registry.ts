import type { FieldList } from "../fields.ts";
import type { ResolvedOptions } from "../server-core.ts";
import type { BridgeState } from "./bridge.ts";
import type { ChannelState } from "./channel.ts";
import type { ConferenceState } from "./conference.ts";

/**
 * @internal Where the registry's events go and the clock settings it sleeps by: the fake's server core,
 * or — for a call simulator without a fake — any event sink.
 */
export interface ChannelHost {
  readonly options: Pick<ResolvedOptions, "clock" | "timeScale">;
  emitFields(fields: FieldList): unknown;
}

/** @internal Something the registry can end when the fake closes or a channel is hung up. */
export interface CallHandle {
  /** Hangs the call up starting from `channel` (the Hangup action); `cause` is the Q.850 code. */
  hangup(channel: ChannelState, cause: number): void;
  /** Stops every timer without emitting anything (the fake is closing). */
  abandon(): void;
}

/** @internal The fake's live channels and bridges, its counters and the timers of running calls. */
export class ChannelRegistry {
  readonly #server: ChannelHost;
  readonly #channels = new Map<string, { channel: ChannelState; call: CallHandle }>();
  readonly #bridges = new Map<string, BridgeState>();
  readonly #conferences = new Map<string, ConferenceState>();
  readonly #calls = new Set<CallHandle>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #shutdownHooks = new Set<() => void>();
  readonly #epoch: number;
  readonly #nextByTechnology = new Map<string, number>();
  #nextLocal: number;
  #nextUnique = 1;
  #nextOptimisation = 0;
  #manualNow = 0;
  #manualTimers: { due: number; resolve: () => void }[] = [];
  /** With the manual clock: when each channel was added, in simulated ms. */
  readonly #addedAt = new WeakMap<ChannelState, number>();
  processedCalls = 0;

  constructor(server: ChannelHost, firstLocal: number, now: () => number = Date.now) {
    this.#server = server;
    this.#nextLocal = firstLocal;
    this.#epoch = Math.floor(now() / 1000);
  }

  /** `Local/wait@test-0000000a` — the stem; the halves add `;1` and `;2`. */
  nextLocalStem(target: string): string {
    const number = this.#nextLocal++;
    return `${target}-${number.toString(16).padStart(8, "0")}`;
  }

  /**
   * `PJSIP/alice-00000003`: the device and the next number of its technology's own counter, in 8 hex
   * digits (each channel driver numbers its channels itself, e.g. chan_pjsip's `chan_idx`).
   */
  nextChannelName(device: string): string {
    const technology = device.split("/")[0] ?? "";
    const number = this.#nextByTechnology.get(technology) ?? 0;
    this.#nextByTechnology.set(technology, number + 1);
    return `${device}-${number.toString(16).padStart(8, "0")}`;
  }

  /** The `Id` of the next LocalOptimizationBegin/End pair (from 0). */
  nextOptimisationId(): number {
    return this.#nextOptimisation++;
  }

  /** `<epoch seconds>.<n>`, Asterisk's uniqueid form. */
  nextUniqueid(): string {
    return `${this.#epoch}.${this.#nextUnique++}`;
  }

  add(channel: ChannelState, call: CallHandle): void {
    this.#channels.set(channel.name, { channel, call });
    this.#calls.add(call);
    if (this.#server.options.clock === "manual") this.#addedAt.set(channel, this.#manualNow);
  }

  /**
   * A channel's age in whole seconds (CoreShowChannels `Duration`, Status `Seconds`): on the manual clock,
   * simulated time since it was added; else real time since it was created.
   */
  ageSeconds(channel: ChannelState): number {
    const added = this.#addedAt.get(channel);
    if (added !== undefined) return Math.floor((this.#manualNow - added) / 1000);
    return channel.ageSeconds(Date.now());
  }

  remove(channel: ChannelState): void {
    this.#channels.delete(channel.name);
  }

  callEnded(call: CallHandle): void {
    this.#calls.delete(call);
    this.processedCalls++;
  }

  find(name: string): { channel: ChannelState; call: CallHandle } | undefined {
    return this.#channels.get(name);
  }

  addBridge(bridge: BridgeState): void {
    this.#bridges.set(bridge.uniqueid, bridge);
  }

  removeBridge(bridge: BridgeState): void {
    this.#bridges.delete(bridge.uniqueid);
  }

  findBridge(uniqueid: string): BridgeState | undefined {
    return this.#bridges.get(uniqueid);
  }

  /** Live bridges, oldest first. */
  bridges(): BridgeState[] {
    return [...this.#bridges.values()];
  }

  /** The ConfBridge conference of that name, while it has members. */
  conference(name: string): ConferenceState | undefined {
    return this.#conferences.get(name);
  }

  addConference(conference: ConferenceState): void {
    this.#conferences.set(conference.name, conference);
  }

  removeConference(conference: ConferenceState): void {
    this.#conferences.delete(conference.name);
  }

  /** Live conferences, oldest first. */
  conferences(): ConferenceState[] {
    return [...this.#conferences.values()];
  }

  /** Runs `hook` when the fake closes (a call simulator stops its generator); returns an unregister. */
  onShutdown(hook: () => void): () => void {
    this.#shutdownHooks.add(hook);
    return () => this.#shutdownHooks.delete(hook);
  }

  /** Live channels, newest first (the order CoreShowChannels and Status list them in). */
  list(): ChannelState[] {
    return [...this.#channels.values()].map((entry) => entry.channel).reverse();
  }

  /** Calls in progress (distinct Linkedids). */
  callCount(): number {
    return new Set(this.list().map((channel) => channel.linkedid)).size;
  }

  /** Emits a channel event on the fake's bus. */
  emit(fields: FieldList): void {
    this.#server.emitFields(fields);
  }

  /**
   * Simulated time in ms from an arbitrary origin: the manual clock's reading, or real time divided by
   * `timeScale` (so that durations measured with it agree with {@link sleep}).
   */
  now(): number {
    if (this.#server.options.clock === "manual") return this.#manualNow;
    const scale = this.#server.options.timeScale;
    return scale > 0 ? Date.now() / scale : Date.now();
  }

  /**
   * Waits `seconds` of simulated time: real time scaled by `timeScale`, or — with `clock: "manual"` —
   * until {@link advance} moves the fake's clock past it.
   */
  sleep(seconds: number): Promise<void> {
    if (this.#server.options.clock === "manual") {
      return new Promise((resolve) => {
        this.#manualTimers.push({ due: this.#manualNow + Math.max(0, seconds) * 1000, resolve });
      });
    }
    const ms = Math.max(0, seconds * 1000 * this.#server.options.timeScale);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  /**
   * Moves the manual clock forward by `seconds`, waking each simulated wait that falls due in order of its
   * due time and letting the call flows it unblocks run (and schedule further waits) before the next one.
   */
  async advance(seconds: number): Promise<void> {
    const target = this.#manualNow + Math.max(0, seconds) * 1000;
    for (;;) {
      await flush();
      this.#manualTimers.sort((a, b) => a.due - b.due);
      const next = this.#manualTimers[0];
      if (next === undefined || next.due > target) break;
      this.#manualTimers.shift();
      this.#manualNow = Math.max(this.#manualNow, next.due);
      next.resolve();
    }
    this.#manualNow = target;
  }

  /** Stops every call and timer (the fake is closing). */
  shutdown(): void {
    for (const hook of [...this.#shutdownHooks]) hook();
    this.#shutdownHooks.clear();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#manualTimers = [];
    for (const call of this.#calls) call.abandon();
    this.#calls.clear();
    this.#channels.clear();
    this.#bridges.clear();
    this.#conferences.clear();
  }
}

/** Lets pending promise reactions and zero-delay timers run. */
function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
