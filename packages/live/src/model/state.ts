/** The whole live state: one immutable map per collection. */
import type { LiveBridge } from "./bridge.ts";
import type { LiveCall } from "./call.ts";
import type { LiveChannel } from "./channel.ts";
import type { LiveConference } from "./conference.ts";
import type { LiveQueue } from "./queue.ts";
import type { LiveDeviceState, LiveExtensionState } from "./states.ts";

/**
 * The live state at one moment. Every map is replaced (never mutated) when one of its entities changes,
 * and unchanged entities keep their identity from one state to the next.
 */
export interface LiveState {
  /** Channels by `Uniqueid`. */
  readonly channels: ReadonlyMap<string, LiveChannel>;
  /** Calls by `Linkedid`. */
  readonly calls: ReadonlyMap<string, LiveCall>;
  /** Bridges by `BridgeUniqueid`. */
  readonly bridges: ReadonlyMap<string, LiveBridge>;
  /** Queues by name. */
  readonly queues: ReadonlyMap<string, LiveQueue>;
  /** ConfBridge conferences by name. */
  readonly conferences: ReadonlyMap<string, LiveConference>;
  /** Device states by `Device`. */
  readonly devices: ReadonlyMap<string, LiveDeviceState>;
  /** Extension states by `exten@context`. */
  readonly extensions: ReadonlyMap<string, LiveExtensionState>;
}

/** The collections of {@link LiveState}, by name. */
export type LiveCollection = keyof LiveState;

/** The names of the collections, in a fixed order. */
export const LIVE_COLLECTIONS: readonly LiveCollection[] = [
  "channels",
  "calls",
  "bridges",
  "queues",
  "conferences",
  "devices",
  "extensions",
];

/** A state with nothing in it. */
export const EMPTY_STATE: LiveState = Object.freeze({
  channels: new Map(),
  calls: new Map(),
  bridges: new Map(),
  queues: new Map(),
  conferences: new Map(),
  devices: new Map(),
  extensions: new Map(),
});
