/**
 * Reads a plain-object event as most AMI libraries return it: a string value is one header, an array is a
 * repeated header, a nested object (how they store `Variable:` / `ChanVariable:` lines) is one
 * `name=value` header per entry (kept as `{ name, value }`, see `DecodedValue`). Keys are compared
 * lower-cased.
 * @param {Record<string, unknown>} packet
 * @param {ReadonlySet<string>} [skip] bookkeeping properties that are not headers
 * @param {boolean} [lowerCase] lower-case the keys (false: keep them as the library gave them)
 * @returns {Map<string, import("../correctness.mjs").DecodedValue[]>}
 */
export function objectMultimap(packet, skip = new Set(), lowerCase = true) {
  /** @type {Map<string, import("../correctness.mjs").DecodedValue[]>} */
  const map = new Map();
  const add = (key, value) => {
    const lower = lowerCase ? key.toLowerCase() : key;
    const values = map.get(lower);
    if (values) values.push(value);
    else map.set(lower, [value]);
  };
  for (const [key, value] of Object.entries(packet)) {
    if (skip.has(key) || typeof value === "function") continue;
    if (Array.isArray(value)) {
      for (const item of value) add(key, String(item));
    } else if (value !== null && typeof value === "object") {
      for (const [name, item] of Object.entries(value)) add(key, { name, value: String(item) });
    } else {
      add(key, String(value));
    }
  }
  return map;
}
