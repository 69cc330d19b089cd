/**
 * The wording of {@link AmiEncodeError} messages: they name the header and what is wrong (which
 * character, at which position, or which type), quote at most a short escaped prefix of what was
 * given, and never quote the value of a header that may hold a secret (see {@link isSecretHeader}).
 * A 10 MB value gives a message of a few dozen characters.
 */
import { isSecretHeader } from "./secret-headers.ts";

/** At most this many characters of a key, name or value are quoted in a message. */
const QUOTED_CHARACTERS = 40;

/**
 * `text` as a short JSON-escaped quotation: whole when short, else its first characters then `…` and
 * its length. @internal
 */
export function quote(text: string): string {
  if (text.length <= QUOTED_CHARACTERS) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, QUOTED_CHARACTERS))}… (${text.length} characters)`;
}

const NAMED: Readonly<Record<number, string>> = {
  0: "NUL (\\0)",
  9: "TAB (\\t)",
  10: "LF (\\n)",
  13: "CR (\\r)",
  32: "a space",
};

/** How a message names one UTF-16 code unit: `CR (\r)`, `":"`, `a lone surrogate (U+D800)`… @internal */
export function characterName(code: number): string {
  const named = NAMED[code];
  if (named !== undefined) return named;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code >= 0xd800 && code <= 0xdfff) return `a lone surrogate (${hex})`;
  if (code > 0x20 && code < 0x7f) return JSON.stringify(String.fromCharCode(code));
  return hex;
}

/**
 * The message for a value that cannot be sent: character `index` of `value` (the value of header `key`,
 * or of its entry `entry` for a `Variable`-style record) is CR, LF, NUL or a lone surrogate. @internal
 */
export function badValueMessage(key: string, value: string, index: number, entry?: string): string {
  const code = value.charCodeAt(index);
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  const secret = isSecretHeader(key);
  let where = `of the value of ${quote(key)}`;
  if (entry !== undefined) {
    where += ` (${entry.length <= QUOTED_CHARACTERS ? entry : `${entry.slice(0, QUOTED_CHARACTERS)}…`}=…)`;
  } else if (secret) where += " (not shown: it may hold a secret)";
  const why = surrogate ? "UTF-8 cannot carry it" : "it would break the AMI framing";
  const shown = secret ? "" : `: ${quote(value)}`;
  return `${characterName(code)} at position ${index + 1} ${where}: ${why}${shown}`;
}

/** The message for a key that cannot be sent: its character `index` is not allowed. @internal */
export function badKeyMessage(key: string, index: number): string {
  return (
    `Invalid field key ${quote(key)}: ${characterName(key.charCodeAt(index))} at position ${index + 1}; ` +
    `keys cannot contain ":", whitespace, control characters or lone surrogates`
  );
}

/** What a value is, for a message: `null`, `a Date`, `a Map`, `a function`, `an object of class Foo`… @internal */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  if (type !== "object") return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
  const name = prototype?.constructor?.name;
  if (typeof name !== "string" || name === "" || name === "Object") return "an object";
  if (value instanceof Date || value instanceof Map || value instanceof Set || value instanceof RegExp) {
    return `a ${name}`;
  }
  return `an object of class ${quote(name)}`;
}
