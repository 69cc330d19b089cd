import { badKeyMessage, badValueMessage, describeType, quote } from "./encode-messages.ts";
import { AmiEncodeError } from "./errors.ts";
import { type AmiField, equalsIgnoreCase } from "./packet.ts";

/**
 * A value the encoder accepts for one key:
 * - `string`, `number` (finite, via `String()`), `bigint` (its decimal digits), `boolean`
 *   (`true` / `false`): one line;
 * - `string[]`: one `Key: element` line per element, in order (repeated headers); `[]` gives none;
 * - `Record<string, string>` (a plain object) or `Map<string, string>`: one `Key: name=value` line per
 *   entry, in order, as `Variable` needs; an empty one gives none;
 * - `undefined`: the key is skipped.
 *
 * Anything else is an {@link AmiEncodeError} naming the key and the type, never a silent drop: `null`,
 * `NaN` and `±Infinity`, functions, symbols, a `Date` (AMI has no date type: send
 * `date.toISOString()` or the seconds the action expects), a `Set`, an instance of a class, an array
 * or record holding anything but strings.
 */
export type AmiFieldValue =
  | string
  | number
  | bigint
  | boolean
  | readonly string[]
  | Readonly<Record<string, string>>
  | ReadonlyMap<string, string>
  | undefined;

const textEncoder = new TextEncoder();

/**
 * CR, LF or NUL: anything that could end a line early (or truncate a C string in Asterisk); and
 * lone surrogates, which UTF-8 cannot carry (TextEncoder would silently replace them).
 */
const FORBIDDEN_IN_VALUE = /[\r\n\0]|\p{Cs}/u;
/** Keys must be non-empty and free of `:`, whitespace, control characters and lone surrogates. */
const FORBIDDEN_IN_KEY = /[\s:\p{Cc}\p{Cs}]/u;
/** A record entry name must not contain `=` (it separates name from value) or line breaks. */
const FORBIDDEN_IN_ENTRY_NAME = /[=\r\n\0]|\p{Cs}/u;

/**
 * A plain object (a record of header values): its prototype is `Object.prototype` of any realm, or
 * none. A `Date`, a `Map` given as the whole record, a class instance is not.
 */
function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === Object.prototype || prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** Throws unless `fields` (the whole record of an action or packet) is a plain object. */
function checkRecord(fields: unknown): void {
  if (fields === null || typeof fields !== "object" || !isPlainObject(fields)) {
    throw new AmiEncodeError(
      `The fields must be a plain object of header values, got ${describeType(fields)}`,
    );
  }
}

/**
 * Encodes an action: `Action: <name>`, then `ActionID: <actionId>` when given, then `fields` in
 * their insertion order (see {@link AmiFieldValue}), then the blank line. The UTF-8 bytes of
 * {@link formatAction}.
 *
 * @example
 * encodeAction("Originate", { Channel: "Local/100@test", Variable: { A: "1", B: "2" }, Async: true }, "id-1");
 * // Action: Originate\r\nActionID: id-1\r\nChannel: Local/100@test\r\nVariable: A=1\r\nVariable: B=2\r\nAsync: true\r\n\r\n
 *
 * @throws {AmiEncodeError} a key or value would break the framing (CR, LF, NUL or a lone surrogate anywhere; a key
 *   that is empty or has `:` or whitespace; a record entry name with `=`), the action name is empty,
 *   `fields` holds `Action`, or holds `ActionID` while `actionId` is given.
 */
export function encodeAction(
  name: string,
  fields?: Readonly<Record<string, AmiFieldValue>>,
  actionId?: string,
): Uint8Array {
  return textEncoder.encode(formatAction(name, fields, actionId));
}

/** The last action name found valid by {@link formatAction} (names repeat; the check is skipped then). */
let lastValidName = "";

/**
 * The wire text of an action, exactly what {@link encodeAction} encodes (same checks, same errors),
 * as a string: a caller that sends many actions at once can join their texts and encode them with
 * one `TextEncoder.encode`.
 *
 * @example
 * formatAction("Ping", undefined, "id-7"); // "Action: Ping\r\nActionID: id-7\r\n\r\n"
 *
 * @throws {AmiEncodeError} as {@link encodeAction}.
 */
export function formatAction(
  name: string,
  fields?: Readonly<Record<string, AmiFieldValue>>,
  actionId?: string,
): string {
  if (typeof name !== "string" || name.length === 0) {
    const got = typeof name === "string" ? '""' : describeType(name);
    throw new AmiEncodeError(`The action name must be a non-empty string, got ${got}`, "Action");
  }
  if (name !== lastValidName) {
    checkValue("Action", name);
    lastValidName = name;
  }
  let text = `Action: ${name}\r\n`;
  if (actionId !== undefined) {
    if (typeof actionId !== "string") {
      throw new AmiEncodeError(`The ActionID must be a string, got ${describeType(actionId)}`, "ActionID");
    }
    checkValue("ActionID", actionId);
    text += `ActionID: ${actionId}\r\n`;
  }
  if (fields !== undefined) {
    checkRecord(fields);
    for (const key of Object.keys(fields)) {
      if (equalsIgnoreCase(key, "Action")) {
        throw new AmiEncodeError(
          `${quote(key)} cannot be a field: the action name is the first argument of encodeAction`,
          key,
        );
      }
      if (actionId !== undefined && equalsIgnoreCase(key, "ActionID")) {
        throw new AmiEncodeError(
          `Ambiguous ActionID: given both as the actionId argument and as the field ${quote(key)}`,
          key,
        );
      }
      text += fieldLines(key, fields[key]);
    }
  }
  return `${text}\r\n`;
}

/**
 * Encodes any packet (an event, a response, an action) from a record (see {@link AmiFieldValue};
 * insertion order is wire order) or from `[key, value]` pairs (taken verbatim, repeated keys
 * allowed), followed by the blank line. A fake server uses it to speak AMI.
 *
 * @throws {AmiEncodeError} there are no fields, or a key or value would break the framing (see
 *   {@link encodeAction}).
 */
export function encodePacket(
  fields: Readonly<Record<string, AmiFieldValue>> | ReadonlyArray<readonly [string, string]>,
): Uint8Array {
  let text = "";
  if (Array.isArray(fields)) {
    for (const pair of fields as ReadonlyArray<AmiField>) {
      if (!Array.isArray(pair)) {
        throw new AmiEncodeError(`Every field must be a [key, value] pair, got ${describeType(pair)}`);
      }
      const [key, value] = pair;
      if (typeof value !== "string") {
        const shown = typeof key === "string" ? quote(key) : describeType(key);
        throw new AmiEncodeError(
          `The value of ${shown} must be a string, got ${describeType(value)}`,
          typeof key === "string" ? key : undefined,
        );
      }
      text += line(key, value);
    }
  } else {
    checkRecord(fields);
    const record = fields as Readonly<Record<string, AmiFieldValue>>;
    for (const key of Object.keys(record)) text += fieldLines(key, record[key]);
  }
  if (text.length === 0) throw new AmiEncodeError("A packet needs at least one field");
  return textEncoder.encode(`${text}\r\n`);
}

/** The wire lines of one record entry (`""` for `undefined`). */
function fieldLines(key: string, value: AmiFieldValue): string {
  switch (typeof value) {
    case "undefined":
      checkKey(key);
      return "";
    case "string":
      return line(key, value);
    case "boolean":
      return line(key, value ? "true" : "false");
    case "number":
      if (!Number.isFinite(value)) {
        throw new AmiEncodeError(`The value of ${quote(key)} must be a finite number, got ${value}`, key);
      }
      return line(key, String(value));
    case "bigint":
      return line(key, value.toString());
    case "object": {
      if (value === null) break;
      if (Array.isArray(value)) {
        let text = "";
        const elements = value as readonly unknown[];
        for (let i = 0; i < elements.length; i++) {
          const element = elements[i];
          if (typeof element !== "string") {
            throw new AmiEncodeError(
              `Element ${i} of ${quote(key)} must be a string, got ${describeType(element)}`,
              key,
            );
          }
          text += line(key, element);
        }
        checkKey(key);
        return text;
      }
      if (!isPlainObject(value)) {
        if (!(value instanceof Map)) break;
        let text = "";
        for (const [name, entryValue] of value as ReadonlyMap<unknown, unknown>) {
          text += entryLine(key, name, entryValue);
        }
        checkKey(key);
        return text;
      }
      const entries = value as Readonly<Record<string, unknown>>;
      let text = "";
      for (const name of Object.keys(entries)) text += entryLine(key, name, entries[name]);
      checkKey(key);
      return text;
    }
  }
  if (value instanceof Date) {
    throw new AmiEncodeError(
      `Unsupported value for ${quote(key)}: a Date has no AMI form; send a string such as date.toISOString(), or the number the action expects`,
      key,
    );
  }
  throw new AmiEncodeError(
    `Unsupported value for ${quote(key)}: ${describeType(value)} (accepted: a string, a finite number, a bigint, a boolean, an array of strings, a plain object or Map of strings, or undefined)`,
    key,
  );
}

/** One `Key: name=value` line of a record or Map given for `key`. */
function entryLine(key: string, name: unknown, value: unknown): string {
  if (typeof name !== "string") {
    throw new AmiEncodeError(
      `Every entry name in ${quote(key)} must be a string, got ${describeType(name)}`,
      key,
    );
  }
  if (name.length === 0 || FORBIDDEN_IN_ENTRY_NAME.test(name)) {
    throw new AmiEncodeError(
      `Invalid entry name ${quote(name)} in ${quote(key)}: it must be non-empty, without "=", CR, LF, NUL or lone surrogates`,
      key,
    );
  }
  if (typeof value !== "string") {
    throw new AmiEncodeError(
      `The value of entry ${quote(name)} in ${quote(key)} must be a string, got ${describeType(value)}`,
      key,
    );
  }
  checkKey(key);
  if (FORBIDDEN_IN_VALUE.test(value)) {
    throw new AmiEncodeError(badValueMessage(key, value, value.search(FORBIDDEN_IN_VALUE), name), key);
  }
  return `${key}: ${name}=${value}\r\n`;
}

/** One `Key: value\r\n` line, after checking both parts. */
function line(key: string, value: string): string {
  checkKey(key);
  checkValue(key, value);
  return `${key}: ${value}\r\n`;
}

function checkValue(key: string, value: string): void {
  if (FORBIDDEN_IN_VALUE.test(value)) {
    throw new AmiEncodeError(badValueMessage(key, value, value.search(FORBIDDEN_IN_VALUE)), key);
  }
}

function checkKey(key: string): void {
  if (typeof key !== "string" || key.length === 0) {
    throw new AmiEncodeError(
      `A field key must be a non-empty string, got ${typeof key === "string" ? '""' : describeType(key)}`,
    );
  }
  if (FORBIDDEN_IN_KEY.test(key)) {
    throw new AmiEncodeError(badKeyMessage(key, key.search(FORBIDDEN_IN_KEY)), key);
  }
}
