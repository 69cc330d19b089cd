/**
 * Reconciling the current state with a fresh snapshot: what the snapshot lacks ends, what it adds
 * appears, what both hold takes the snapshot's fields and keeps what only events know (creation and
 * answer times, hold, dials, transfers). Entities that do not change keep their identity.
 */
import type { LiveCall } from "../model/call.ts";
import type { LiveChannel } from "../model/channel.ts";
import type { LiveConference } from "../model/conference.ts";
import type { LiveQueue } from "../model/queue.ts";
import { LIVE_COLLECTIONS, type LiveState } from "../model/state.ts";
import type { LiveDomain } from "../reducers/domains.ts";
import { deepEqual } from "./equal.ts";

/** Options of {@link reconcile}. */
export interface ReconcileOptions {
  /** The domains the snapshot covers; the others are left as they are. */
  readonly domains: readonly LiveDomain[];
  /** Keep calls that ended (with `endedAt`) instead of removing them. */
  readonly keepEndedCalls: boolean;
  /** The client's clock, for `endedAt`. */
  readonly now: number;
}

/** `fresh`'s entities, each merged over the current one with `merge` and kept identical when equal. */
function mergeMap<V>(
  current: ReadonlyMap<string, V>,
  fresh: ReadonlyMap<string, V>,
  merge: (before: V, after: V) => V = (_before, after) => after,
): ReadonlyMap<string, V> {
  const next = new Map<string, V>();
  let changed = current.size !== fresh.size;
  for (const [key, value] of fresh) {
    const before = current.get(key);
    const merged = before === undefined ? value : merge(before, value);
    const kept = before !== undefined && deepEqual(before, merged) ? before : merged;
    if (kept !== before) changed = true;
    next.set(key, kept);
  }
  return changed ? next : current;
}

function mergeChannel(before: LiveChannel, after: LiveChannel): LiveChannel {
  return {
    ...after,
    createdAt: before.createdAt,
    answeredAt: before.answeredAt ?? after.answeredAt,
    onHold: before.onHold,
    dials: before.dials,
    application: after.application === "" ? before.application : after.application,
    applicationData: after.application === "" ? before.applicationData : after.applicationData,
  };
}

function mergeCall(before: LiveCall, after: LiveCall): LiveCall {
  const kept = before.channels.filter((uniqueid) => after.channels.includes(uniqueid));
  return {
    ...after,
    channels: [...kept, ...after.channels.filter((uniqueid) => !kept.includes(uniqueid))],
    startedAt: Math.min(before.startedAt, after.startedAt),
    answeredAt: before.answeredAt ?? after.answeredAt,
    transfers: before.transfers,
  };
}

function mergeQueue(before: LiveQueue, after: LiveQueue): LiveQueue {
  const entries = Object.fromEntries(
    Object.entries(after.entries).map(([key, entry]) => {
      const known = before.entries[key];
      return [key, known === undefined ? entry : { ...entry, joinedAt: known.joinedAt }];
    }),
  );
  return { ...after, entries, counted: before.counted };
}

function mergeConference(before: LiveConference, after: LiveConference): LiveConference {
  const participants = Object.fromEntries(
    Object.entries(after.participants).map(([key, participant]) => {
      const known = before.participants[key];
      return [key, known === undefined ? participant : { ...participant, talking: known.talking }];
    }),
  );
  return { ...after, bridge: after.bridge ?? before.bridge, participants };
}

/** Calls: those of the snapshot, merged; the current ones it lacks end (kept with `endedAt`, or removed). */
function reconcileCalls(
  current: LiveState,
  fresh: LiveState,
  options: ReconcileOptions,
): ReadonlyMap<string, LiveCall> {
  const merged = new Map(mergeMap(current.calls, fresh.calls, mergeCall));
  if (options.keepEndedCalls) {
    for (const [linkedid, call] of current.calls) {
      if (merged.has(linkedid)) continue;
      merged.set(
        linkedid,
        call.endedAt === undefined ? { ...call, channels: [], bridges: [], endedAt: options.now } : call,
      );
    }
  }
  return merged.size === current.calls.size &&
    [...merged].every(([key, call]) => current.calls.get(key) === call)
    ? current.calls
    : merged;
}

/** The state after a snapshot of `options.domains`: `current` itself when the snapshot changes nothing. */
export function reconcile(current: LiveState, fresh: LiveState, options: ReconcileOptions): LiveState {
  const has = (domain: LiveDomain) => options.domains.includes(domain);
  const next: LiveState = {
    channels: has("channels") ? mergeMap(current.channels, fresh.channels, mergeChannel) : current.channels,
    calls: has("channels") ? reconcileCalls(current, fresh, options) : current.calls,
    bridges: has("bridges") ? mergeMap(current.bridges, fresh.bridges) : current.bridges,
    queues: has("queues") ? mergeMap(current.queues, fresh.queues, mergeQueue) : current.queues,
    conferences: has("conferences")
      ? mergeMap(current.conferences, fresh.conferences, mergeConference)
      : current.conferences,
    devices: has("devices") ? mergeMap(current.devices, fresh.devices) : current.devices,
    extensions: has("extensions") ? mergeMap(current.extensions, fresh.extensions) : current.extensions,
  };
  return LIVE_COLLECTIONS.every((collection) => next[collection] === current[collection]) ? current : next;
}
