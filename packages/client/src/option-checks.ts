/**
 * Checks of single `createClient` option values. Each failure is an `AmiValidationError` that names the
 * option, says what it must be and shows what was given — briefly, and for secret-like values only
 * their type.
 */
import { AmiValidationError } from "./errors.ts";
import { shortQuote } from "./greeting.ts";
import { MAX_TIMER } from "./max-timer.ts";

/**
 * A short description of a value given for an option: a number or boolean as is, a string quoted (at
 * most 40 characters, escaped), anything else by its kind. `hidden`: only the kind (for secrets, keys).
 *
 * @internal
 */
export function describeGiven(value: unknown, hidden = false): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof RegExp) return hidden ? "a RegExp" : shortQuote(String(value));
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "number":
    case "boolean":
      return hidden ? `a ${typeof value}` : String(value);
    case "bigint":
      return hidden ? "a bigint" : `${value}n`;
    case "string":
      if (value === "") return "an empty string";
      return hidden ? "a string" : shortQuote(value);
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
    default:
      return "an object";
  }
}

/**
 * The error for option `name` (a dotted path such as `reconnect.factor`): it must be `expected`, and
 * `value` was given.
 *
 * @internal
 */
export function invalidOption(
  name: string,
  expected: string,
  value: unknown,
  hidden = false,
): AmiValidationError {
  return new AmiValidationError(
    `createClient: \`${name}\` must be ${expected} (got ${describeGiven(value, hidden)})`,
  );
}

/**
 * A positive duration in ms, capped at the longest timer delay (~24.8 days; `Infinity` means "that
 * long"); `fallback` when absent.
 *
 * @internal
 */
export function duration(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(typeof value === "number" && value > 0))
    throw invalidOption(name, "a positive number of milliseconds", value);
  return Math.min(value, MAX_TIMER);
}

/** An integer >= `min`; `fallback` when absent. @internal */
export function count(value: unknown, fallback: number, name: string, min: number, unit = ""): number {
  if (value === undefined) return fallback;
  if (!(typeof value === "number" && Number.isInteger(value) && value >= min))
    throw invalidOption(name, `an integer >= ${min}${unit === "" ? "" : ` (${unit})`}`, value);
  return value;
}

/** A boolean; `fallback` when absent. @internal */
export function flag(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw invalidOption(name, "true or false", value);
  return value;
}

/** CR, LF and NUL: they would end a header line (or the string) early. */
const LINE_BREAKING = /[\r\n\0]/;

/**
 * A string without CR, LF or NUL (these would break the header it goes into); `empty`: whether `""` is
 * allowed; `hidden`: never show the value (secrets).
 *
 * @internal
 */
export function headerText(
  value: unknown,
  name: string,
  settings: { readonly empty: boolean; readonly hidden?: boolean },
): string {
  const hidden = settings.hidden === true;
  const what = settings.empty ? "a string" : "a non-empty string";
  if (typeof value !== "string" || (!settings.empty && value === ""))
    throw invalidOption(name, `${what} without CR, LF or NUL`, value, hidden);
  if (LINE_BREAKING.test(value)) {
    // Never quote a value that is rejected for its control characters when it may be a secret.
    throw new AmiValidationError(
      `createClient: \`${name}\` cannot contain CR, LF or NUL${hidden ? "" : ` (got ${describeGiven(value)})`}`,
    );
  }
  return value;
}

/**
 * Throws for a key of `given` (an options object at `path`, `""` for the top level) that is not one of
 * `names`: a misspelt option (`reconect`, `actiontimeout`) would otherwise be ignored without a word.
 * The message suggests the known name it most likely meant.
 *
 * @internal
 */
export function knownKeys(given: object, names: readonly string[], path: string): void {
  for (const key of Object.keys(given)) {
    if (names.includes(key)) continue;
    const where = path === "" ? "" : ` of \`${path}\``;
    const likely = closestName(key, names);
    const hint = likely === undefined ? "" : ` (did you mean \`${likely}\`?)`;
    throw new AmiValidationError(
      `createClient: unknown option ${shortQuote(path === "" ? key : `${path}.${key}`)}${hint}; the options${where} are ${names.join(", ")}`,
    );
  }
}

/** The name in `names` closest to `key`: equal but for letter case, or at most two edits away. */
function closestName(key: string, names: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    if (name.toLowerCase() === lower) return name;
    const distance = editDistance(lower, name.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance of `a` and `b`, or `limit` as soon as it is certain to reach it. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length] as number, limit);
}
