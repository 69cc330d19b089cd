/** What changed between two states, entity by entity. */
import type { LiveCollection, LiveState } from "./model/state.ts";
import { LIVE_COLLECTIONS } from "./model/state.ts";
import type { MapChange } from "./reducers/maps.ts";

/** The entity type of a collection. */
export type LiveEntity<C extends LiveCollection> =
  LiveState[C] extends ReadonlyMap<string, infer V> ? V : never;

/** One change of one entity, typed by its collection. */
export type LiveChange = {
  [C in LiveCollection]: {
    /** The collection (`channels`, `calls`, `bridges`, `queues`, `conferences`, `devices`, `extensions`). */
    readonly collection: C;
    /** `added`, `updated` or `removed`. */
    readonly kind: "added" | "updated" | "removed";
    /** The entity's key (`Uniqueid`, `Linkedid`, `BridgeUniqueid`, queue or conference name, `Device`, `exten@context`). */
    readonly key: string;
    /** The entity before (absent when added). */
    readonly before: LiveEntity<C> | undefined;
    /** The entity after (absent when removed). */
    readonly after: LiveEntity<C> | undefined;
    /** Why: the name of the event that changed it, or `resync` when a snapshot did. */
    readonly why: string;
  };
}[LiveCollection];

/**
 * The changes from `before` to `after`, comparing entities by identity (the reducers and the reconcile
 * keep unchanged entities identical). Collections whose map is the same object are skipped.
 */
export function diffStates(before: LiveState, after: LiveState, why: string): LiveChange[] {
  const changes: LiveChange[] = [];
  for (const collection of LIVE_COLLECTIONS) {
    const was = before[collection] as ReadonlyMap<string, unknown>;
    const now = after[collection] as ReadonlyMap<string, unknown>;
    if (was === now) continue;
    for (const [key, value] of now) {
      const old = was.get(key);
      if (old === value) continue;
      changes.push({
        collection,
        kind: old === undefined ? "added" : "updated",
        key,
        before: old,
        after: value,
        why,
      } as LiveChange);
    }
    for (const [key, old] of was) {
      if (!now.has(key))
        changes.push({ collection, kind: "removed", key, before: old, after: undefined, why } as LiveChange);
    }
  }
  return changes;
}

/**
 * The changes one event made, from the journal of a batch (see `beginBatch` in reducers/maps.ts): each
 * key's value before its first change in the journal against its value in `after`. Appended to `changes`
 * (a new array when not given), which is returned.
 */
export function journaledChanges(
  after: LiveState,
  journal: readonly MapChange[],
  why: string,
  changes: LiveChange[] = [],
): LiveChange[] {
  if (journal.length === 1) {
    // Most events change one entity: no search for repeats.
    const entry = journal[0] as MapChange;
    if (entry.after === entry.before) return changes;
    for (const collection of LIVE_COLLECTIONS) {
      if (after[collection] !== entry.map) continue;
      const { key, before, after: now } = entry;
      const kind = before === undefined ? "added" : now === undefined ? "removed" : "updated";
      changes.push({ collection, kind, key, before, after: now, why } as LiveChange);
      break;
    }
    return changes;
  }
  const first = journal.length > 16 ? firstEntries(journal) : undefined;
  for (const collection of LIVE_COLLECTIONS) {
    const map = after[collection] as ReadonlyMap<string, unknown>;
    for (let index = 0; index < journal.length; index++) {
      const entry = journal[index] as MapChange;
      if (entry.map !== map) continue;
      if (first !== undefined ? !first.has(entry) : seenBefore(journal, index)) continue;
      const key = entry.key as string;
      const now = first !== undefined ? map.get(key) : lastAfter(journal, index);
      if (now === entry.before) continue;
      const kind = entry.before === undefined ? "added" : now === undefined ? "removed" : "updated";
      changes.push({ collection, kind, key, before: entry.before, after: now, why } as LiveChange);
    }
  }
  return changes;
}

/** Whether the key of `journal[index]` was journaled earlier for the same map (short journals: no set). */
function seenBefore(journal: readonly MapChange[], index: number): boolean {
  const entry = journal[index] as MapChange;
  for (let earlier = 0; earlier < index; earlier++) {
    const other = journal[earlier] as MapChange;
    if (other.map === entry.map && other.key === entry.key) return true;
  }
  return false;
}

/** What the last entry for the (map, key) of `journal[index]` set (short journals: no map lookup). */
function lastAfter(journal: readonly MapChange[], index: number): unknown {
  const entry = journal[index] as MapChange;
  for (let later = journal.length - 1; later > index; later--) {
    const other = journal[later] as MapChange;
    if (other.map === entry.map && other.key === entry.key) return other.after;
  }
  return entry.after;
}

/** The first entry of each (map, key) of a long journal. */
function firstEntries(journal: readonly MapChange[]): Set<MapChange> {
  const seen = new Map<unknown, Set<unknown>>();
  const first = new Set<MapChange>();
  for (const entry of journal) {
    let keys = seen.get(entry.map);
    if (keys === undefined) {
      keys = new Set();
      seen.set(entry.map, keys);
    }
    if (keys.has(entry.key)) continue;
    keys.add(entry.key);
    first.add(entry);
  }
  return first;
}
