/** The root reducer: one event in, the next state out. Pure, immutable, safe to apply twice. */
import type { AmiEvent } from "@amikit/client";
import { LIVE_COLLECTIONS, type LiveState } from "../model/state.ts";
import { reduceBridge } from "./bridges.ts";
import { reduceChannel } from "./channels.ts";
import { reduceConference } from "./conferences.ts";
import type { ReduceContext } from "./context.ts";
import { domainOfEvent, LIVE_DOMAINS, type LiveDomain } from "./domains.ts";
import { eventTime, text } from "./fields.ts";
import { reduceQueue } from "./queues.ts";
import { reduceDevice, reduceExtension } from "./states.ts";
import { reduceTransfer } from "./transfers.ts";

/** Options of {@link reduce}. */
export interface ReduceOptions extends ReduceContext {
  /** The domains to track (events of the others change nothing). Default: all. */
  readonly domains?: readonly LiveDomain[];
}

/**
 * Applies one AMI event to the state and returns the next state. The input is never changed, and the
 * result shares every entity the event did not change (same object identity). Applying the same event
 * twice in a row gives the same state as applying it once. Events the model does not use return `state`.
 * Events that answer a list action (`CoreShowChannel`, `QueueMember`…) are snapshot items, not changes:
 * give them to the sync, not here.
 */
export function reduce(state: LiveState, event: AmiEvent, options: ReduceOptions): LiveState {
  const next = reduceEvent(state, event, text(event, "Event"), options);
  if (next === state) return state;
  for (const collection of LIVE_COLLECTIONS) if (next[collection] !== state[collection]) return next;
  return state;
}

/**
 * {@link reduce} for an event whose name the caller already read, without the final identity check: the
 * result may be a new state object holding the same maps. The live state's batches use it, learning what
 * changed from the batch journal (reducers/maps.ts) instead.
 */
export function reduceEvent(
  state: LiveState,
  event: AmiEvent,
  name: string,
  options: ReduceOptions,
): LiveState {
  const domains = options.domains ?? LIVE_DOMAINS;
  const at = eventTime(event, options.now);
  let next = state;
  if (domains.includes("channels")) {
    next = reduceChannel(next, event, name, at, options);
    if (name === "BlindTransfer" || name === "AttendedTransfer") next = reduceTransfer(next, event, at);
  }
  const domain = domainOfEvent(name);
  if (domain === undefined || !domains.includes(domain)) return next;
  switch (domain) {
    case "bridges":
      return reduceBridge(next, event, name);
    case "queues":
      return reduceQueue(next, event, at, options);
    case "conferences":
      return reduceConference(next, event);
    case "devices":
      return reduceDevice(next, event);
    case "extensions":
      return reduceExtension(next, event);
    default:
      return next;
  }
}
