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
  /**
   * Queue traffic (with `fake` only): a share of the generated calls go to dialplan extensions that run
   * `Queue()`, and queue members are paused and unpaused now and then. The fake needs the queues
   * (`queues` option) and a dialplan with those extensions and the members' Local extensions.
   */
  readonly queueTraffic?: QueueTrafficOptions;
}

/** Options of the simulator's queue traffic ({@link CallSimulatorOptions.queueTraffic}). */
export interface QueueTrafficOptions {
  /**
   * Where queue callers are sent: `exten@context` of dialplan extensions that run `Queue()` (e.g.
   * `support@queues` with `[["Queue", "support,r"], ["Hangup"]]`). Each call picks one at random.
   */
  readonly destinations: readonly string[];
  /** The share of generated calls that go to a queue instead of an endpoint, 0–1 (default 0.3). */
  readonly share?: number;
  /**
   * How long a queue caller stays on the line (waiting, then talking) before hanging up, in seconds of the
   * fake's time (`timeScale` applies): `[min, max]` (default `[10, 60]`). A caller still waiting when it
   * runs out abandons.
   */
  readonly patienceSeconds?: readonly [number, number];
  /**
   * Every this many ms (about) a random member is paused with one of `pauseReasons`, or unpaused if it was
   * paused. Default 0: never.
   */
  readonly pauseEveryMs?: number;
  /** The reasons a member is paused with (default `["lunch", "break", "training"]`). */
  readonly pauseReasons?: readonly string[];
}

/** What to send into a queue when placing a queue call by hand. */
export interface PlaceQueueCallOptions {
  /** One of the `destinations` or any other `exten@context` running `Queue()`; random when absent. */
  readonly destination?: string;
  /** The caller ID (`"Name" <number>`); a random outside number when absent. */
  readonly callerId?: string;
  /** Seconds the caller stays on the line; random within `patienceSeconds` when absent. */
  readonly patienceSeconds?: number;
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
  /** Every call started, queue calls included. */
  readonly callsStarted: number;
  /** Of those, the callers sent into a queue. */
  readonly queueCallsStarted: number;
  /** Calls between endpoints that ended (queue calls end in the fake's own model, not counted). */
  readonly callsEnded: number;
  /** Events of the calls between endpoints (the fake's Queue() model sends the queue calls' events). */
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
   * Sends one caller into a queue now (needs `fake`): a Local call whose `;1` waits `patienceSeconds` and
   * whose `;2` runs the destination's dialplan (`Queue()`). Returns the `;2`, the channel that waits.
   *
   * @throws RangeError without `fake`, without a destination (none given, none configured), or when the
   *   fake's dialplan lacks it.
   */
  placeQueueCall(options?: PlaceQueueCallOptions): FakeChannel;
  /**
   * Pauses a queue member with a reason (QueuePause's events), or unpauses it when `paused` is false.
   * `false` when the fake has no such member in that queue or it already is in that state.
   */
  pauseMember(queue: string, memberInterface: string, paused: boolean, reason?: string): boolean;
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
