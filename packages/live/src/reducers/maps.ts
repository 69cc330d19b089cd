/** Copy-on-write helpers for the immutable maps of the state. */

/** `map` with `key` set to `value`; the same map when it already holds that exact value. */
export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  if (map.get(key) === value) return map;
  const next = new Map(map);
  next.set(key, value);
  return next;
}

/** `map` without `key`; the same map when it does not hold it. */
export function withoutEntry<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
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
