import { AmiEncodeError } from "./errors.ts";
import { type AmiField, equalsIgnoreCase } from "./packet.ts";

/**
 * A value the encoder accepts for one key:
 * - `string`, `number` (finite, via `String()`), `boolean` (`true` / `false`): one line;
 * - `string[]`: one `Key: element` line per element, in order (repeated headers);
 * - `Record<string, string>`: one `Key: name=value` line per entry, as `Variable` needs;
 * - `undefined`: the key is skipped.
 */
export type AmiFieldValue =
  | string
  | number
  | boolean
  | readonly string[]
  | Readonly<Record<string, string>>
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
    throw new AmiEncodeError("The action name must be a non-empty string", "Action");
  }
  if (name !== lastValidName) {
    checkValue("Action", name);
    lastValidName = name;
  }
  let text = `Action: ${name}\r\n`;
  if (actionId !== undefined) {
    checkValue("ActionID", actionId);
    text += `ActionID: ${actionId}\r\n`;
  }
  if (fields !== undefined) {
    for (const key of Object.keys(fields)) {
      if (equalsIgnoreCase(key, "Action")) {
        throw new AmiEncodeError(
          `"${key}" cannot be a field: the action name is the first argument of encodeAction`,
          key,
        );
      }
      if (actionId !== undefined && equalsIgnoreCase(key, "ActionID")) {
        throw new AmiEncodeError(
          `Ambiguous ActionID: given both as the actionId argument and as the field "${key}"`,
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
      const [key, value] = pair;
      if (typeof value !== "string") {
        throw new AmiEncodeError(`The value of "${String(key)}" must be a string, got ${typeName(value)}`);
      }
      text += line(key, value);
    }
  } else {
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
        throw new AmiEncodeError(`The value of "${key}" must be a finite number, got ${value}`, key);
      }
      return line(key, String(value));
    case "object": {
      if (value === null) break;
      let text = "";
      if (Array.isArray(value)) {
        for (const element of value as readonly unknown[]) {
          if (typeof element !== "string") {
            throw new AmiEncodeError(
              `Every element of "${key}" must be a string, got ${typeName(element)}`,
              key,
            );
          }
          text += line(key, element);
        }
        checkKey(key);
        return text;
      }
      const entries = value as Readonly<Record<string, unknown>>;
      for (const name of Object.keys(entries)) {
        const entryValue = entries[name];
        if (name.length === 0 || FORBIDDEN_IN_ENTRY_NAME.test(name)) {
          throw new AmiEncodeError(
            `Invalid entry name ${JSON.stringify(name)} in "${key}": it must be non-empty, without "=", CR, LF or NUL`,
            key,
          );
        }
        if (typeof entryValue !== "string") {
          throw new AmiEncodeError(
            `The value of entry "${name}" in "${key}" must be a string, got ${typeName(entryValue)}`,
            key,
          );
        }
        text += line(key, `${name}=${entryValue}`);
      }
      checkKey(key);
      return text;
    }
  }
  throw new AmiEncodeError(`Unsupported value for "${key}": ${typeName(value)}`, key);
}

/** One `Key: value\r\n` line, after checking both parts. */
function line(key: string, value: string): string {
  checkKey(key);
  checkValue(key, value);
  return `${key}: ${value}\r\n`;
}

function checkValue(key: string, value: string): void {
  if (FORBIDDEN_IN_VALUE.test(value)) {
    throw new AmiEncodeError(
      `The value of "${key}" contains CR, LF, NUL or a lone surrogate, which would break the AMI framing: ${JSON.stringify(value)}`,
      key,
    );
  }
}

function checkKey(key: string): void {
  if (typeof key !== "string" || key.length === 0) {
    throw new AmiEncodeError("A field key must be a non-empty string");
  }
  if (FORBIDDEN_IN_KEY.test(key)) {
    throw new AmiEncodeError(
      `Invalid field key ${JSON.stringify(key)}: keys cannot contain ":", whitespace or control characters`,
      key,
    );
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
