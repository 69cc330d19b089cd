/** What changed between two states, entity by entity. */
import type { LiveCollection, LiveState } from "./model/state.ts";
import { LIVE_COLLECTIONS } from "./model/state.ts";
import { JOURNAL_STRIDE, type MapJournal } from "./reducers/maps.ts";

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
 * key's value before its first change in the journal against its value after its last. Appended to
 * `changes` (a new array when not given), which is returned.
 */
export function journaledChanges(
  after: LiveState,
  journal: MapJournal,
  why: string,
  changes: LiveChange[] = [],
): LiveChange[] {
  const length = journal.length;
  if (length === JOURNAL_STRIDE) {
    // Most events change one entity: no search for repeats.
    const before = journal[2];
    const now = journal[3];
    if (now === before) return changes;
    for (const collection of LIVE_COLLECTIONS) {
      if (after[collection] !== journal[0]) continue;
      const kind = before === undefined ? "added" : now === undefined ? "removed" : "updated";
      changes.push({ collection, kind, key: journal[1], before, after: now, why } as LiveChange);
      break;
    }
    return changes;
  }
  const first = length > 16 * JOURNAL_STRIDE ? firstEntries(journal) : undefined;
  for (const collection of LIVE_COLLECTIONS) {
    const map = after[collection] as ReadonlyMap<string, unknown>;
    for (let at = 0; at < length; at += JOURNAL_STRIDE) {
      if (journal[at] !== map) continue;
      if (first !== undefined ? !first.has(at) : seenBefore(journal, at)) continue;
      const key = journal[at + 1] as string;
      const before = journal[at + 2];
      const now = first !== undefined ? map.get(key) : lastAfter(journal, at);
      if (now === before) continue;
      const kind = before === undefined ? "added" : now === undefined ? "removed" : "updated";
      changes.push({ collection, kind, key, before, after: now, why } as LiveChange);
    }
  }
  return changes;
}

/** Whether the (map, key) of the entry at `at` was journaled earlier (short journals: no set). */
function seenBefore(journal: MapJournal, at: number): boolean {
  for (let earlier = 0; earlier < at; earlier += JOURNAL_STRIDE) {
    if (journal[earlier] === journal[at] && journal[earlier + 1] === journal[at + 1]) return true;
  }
  return false;
}

/** What the last entry for the (map, key) of the entry at `at` set (short journals: no map lookup). */
function lastAfter(journal: MapJournal, at: number): unknown {
  for (let later = journal.length - JOURNAL_STRIDE; later > at; later -= JOURNAL_STRIDE) {
    if (journal[later] === journal[at] && journal[later + 1] === journal[at + 1]) return journal[later + 3];
  }
  return journal[at + 3];
}

/** Where the first entry of each (map, key) of a long journal is. */
function firstEntries(journal: MapJournal): Set<number> {
  const seen = new Map<unknown, Set<unknown>>();
  const first = new Set<number>();
  for (let at = 0; at < journal.length; at += JOURNAL_STRIDE) {
    let keys = seen.get(journal[at]);
    if (keys === undefined) {
      keys = new Set();
      seen.set(journal[at], keys);
    }
    if (keys.has(journal[at + 1])) continue;
    keys.add(journal[at + 1]);
    first.add(at);
  }
  return first;
}
