/**
 * Copy-on-write helpers for the immutable maps of the state.
 *
 * Inside a batch ({@link beginBatch} … {@link endBatch}, what the live state does for the events of one
 * socket read) a map is copied once, the first time it changes, and the copy is then changed in place:
 * only states that never left the batch see it change. Every change is journaled (map, key, value
 * before) so the batch can tell what each event changed without comparing whole maps. Outside a batch
 * every change copies.
 */

/**
 * A batch's journal, flat (no object per change): {@link JOURNAL_STRIDE} slots per change, the map (as
 * it is after the change), the key, the value before and the value after (`undefined`: deleted).
 */
export type MapJournal = readonly unknown[];

/** Slots per change in a {@link MapJournal}. */
export const JOURNAL_STRIDE = 4;

/** A batch: the maps it copied (and may change in place) and its journal. Opaque outside this module. */
export interface MapBatch {
  /** The maps this batch copied (a handful: one per collection changed), searched by identity. */
  readonly owned: ReadonlyMap<unknown, unknown>[];
  journal: unknown[];
  /** The journal {@link takeJournal} returned last time, reused as the next one. */
  spare: unknown[];
}

let batch: MapBatch | undefined;

/** A new batch, not current yet (see {@link resumeBatch}). */
export function newBatch(): MapBatch {
  return { owned: [], journal: [], spare: [] };
}

/**
 * Makes `open` the current batch until {@link endBatch}: a batch can span several synchronous runs
 * (the live state reduces each event as it arrives and emits once per batch), as long as no state
 * built in it is seen outside before it ends for good.
 */
export function resumeBatch(open: MapBatch): void {
  batch = open;
}

/** Starts a batch: maps copied from now on may be changed in place until {@link endBatch}. */
export function beginBatch(): void {
  batch = newBatch();
}

/** Ends (or suspends, see {@link resumeBatch}) the batch: no map is changed in place any more. */
export function endBatch(): void {
  batch = undefined;
}

const NO_CHANGES: MapJournal = [];

/**
 * The changes journaled since the last call (empty outside a batch). The array is the batch's own: read
 * it before the next call, which reuses it, and never change it.
 */
export function takeJournal(): MapJournal {
  if (batch === undefined || batch.journal.length === 0) return NO_CHANGES;
  const journal = batch.journal;
  batch.journal = batch.spare;
  batch.journal.length = 0;
  batch.spare = journal;
  return journal;
}

/** The map to change: `map` itself when this batch already owns it, else a copy (owned by the batch). */
function writable<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
  if (batch === undefined) return new Map(map);
  if (batch.owned.includes(map)) return map as Map<K, V>;
  const target = new Map(map);
  batch.owned.push(target);
  return target;
}

/** Journals that `key` of `map` went from `before` to `after` (inside a batch). */
function journal(map: ReadonlyMap<unknown, unknown>, key: unknown, before: unknown, after: unknown): void {
  batch?.journal.push(map, key, before, after);
}

/** `map` with `key` set to `value`; the same map when it already holds that exact value. */
export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  const before = map.get(key);
  if (before === value) return map;
  const next = writable(map);
  next.set(key, value);
  journal(next, key, before, value);
  return next;
}

/**
 * {@link withEntry} when the caller already read what `map` holds at `key` (`before`, not `value`):
 * saves looking the key up again on the hot paths.
 */
export function replaceEntry<K, V>(
  map: ReadonlyMap<K, V>,
  key: K,
  before: V | undefined,
  value: V,
): ReadonlyMap<K, V> {
  if (before === value) return map;
  const next = writable(map);
  next.set(key, value);
  journal(next, key, before, value);
  return next;
}

/** `map` without `key`; the same map when it does not hold it. */
export function withoutEntry<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  const before = map.get(key);
  if (before === undefined && !map.has(key)) return map;
  const next = writable(map);
  next.delete(key);
  journal(next, key, before, undefined);
  return next;
}

/**
 * `state` with `collection` set to `map`: `state` itself when it already holds that map (a map this batch
 * changed in place), so a batch does not copy the state object for every change.
 */
export function withCollection<S extends object, K extends keyof S>(state: S, collection: K, map: S[K]): S {
  return state[collection] === map ? state : { ...state, [collection]: map };
}

/** `record` with `key` set to `value`; the same record when it already holds that exact value. */
export function withField<V>(
  record: Readonly<Record<string, V>>,
  key: string,
  value: V,
): Readonly<Record<string, V>> {
  if (Object.hasOwn(record, key) && record[key] === value) return record;
  return { ...record, [key]: value };
}

/** `record` without `key`; the same record when it does not hold it. */
export function withoutField<V>(
  record: Readonly<Record<string, V>>,
  key: string,
): Readonly<Record<string, V>> {
  if (!Object.hasOwn(record, key)) return record;
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/** `list` with `item` appended unless present. */
export function withItem<T>(list: readonly T[], item: T): readonly T[] {
  return list.includes(item) ? list : [...list, item];
}

/** `list` without `item`; the same list when absent. */
export function withoutItem<T>(list: readonly T[], item: T): readonly T[] {
  return list.includes(item) ? list.filter((other) => other !== item) : list;
}
