import type { FakeChannel } from "../channels/channel.ts";
import type { FakeAsterisk } from "../fake-asterisk.ts";
import type { SimulatedEndpoint } from "./endpoints.ts";

/** How a simulated call ends up. */
export type CallOutcome = "answered" | "busy" | "no-answer";

/** Options of {@link createCallSimulator}: where the calls play (`fake` or `emit`), and how many. */
export interface CallSimulatorOptions {
  /**
   * The fake Asterisk to play the calls on: its channels and bridges hold them (so CoreShowChannels,
   * Status, Hangup, BridgeList, BridgeInfo and `core show channels` see them), its sessions get the events,
   * and its `Originate` places simulated calls to any technology. Give this or `emit`.
   */
  readonly fake?: FakeAsterisk;
  /** Without a fake: receives every event, in order, as a record of headers in wire order. */
  readonly emit?: (event: Readonly<Record<string, string>>) => void;
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

/** The headers of an Originate action the simulator understands (names as Asterisk spells them). */
export interface SimulatedOriginate {
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
  readonly callsStarted: number;
  readonly callsEnded: number;
  readonly eventsEmitted: number;
}

/**
 * A generator of realistic call traffic on the fake Asterisk's channel model: PJSIP endpoints calling each
 * other through `Dial`, with the events Asterisk 22 sends for it (Newchannel, Newexten, DialBegin, Newstate,
 * DialEnd, BridgeCreate, BridgeEnter, HangupRequest, BridgeLeave, Hangup, BridgeDestroy,
 * DeviceStateChange).
 */
export interface CallSimulator {
  /** Starts placing calls at the configured rate. Idempotent. */
  start(): void;
  /** Stops placing calls and cancels every pending step; calls in progress freeze where they are. */
  stop(): void;
  /** Places one call now; returns the caller's channel. */
  placeCall(options?: PlaceCallOptions): FakeChannel;
  /**
   * Simulates an Originate: the channel is created, rings and answers, `OriginateResponse` (with the
   * action's ActionID) follows, then the call proceeds to the extension (dialling the endpoint that has
   * it) or runs the application. Returns the error message Asterisk would answer with, or `undefined` when
   * the Originate is accepted.
   */
  originate(request: SimulatedOriginate): string | undefined;
  /**
   * Puts a live channel on hold (a `Hold` event with `MusicClass`, default `default`), as a phone's hold
   * key does; any channel of the fake, not only the simulator's. `false` when there is no such channel.
   */
  hold(channelName: string, musicClass?: string): boolean;
  /** Takes a live channel off hold (an `Unhold` event); `false` when there is no such channel. */
  unhold(channelName: string): boolean;
  /** Hangs up the call a channel belongs to (`cause`: Q.850 code, default 16); `false` when no such channel. */
  hangup(channelName: string, cause?: number): boolean;
  /** The simulator's live channels, in the order CoreShowChannels lists them (newest first). */
  channels(): readonly FakeChannel[];
  /** Finds one of the simulator's live channels by name. */
  channel(name: string): FakeChannel | undefined;
  /** Running totals: calls started and ended, events emitted. */
  readonly stats: SimulationStats;
}
