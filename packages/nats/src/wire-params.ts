/**
 * Action parameters as the remote client sends them to the relay, in JSON: every `AmiFieldValue` the
 * direct client accepts arrives so that the relay's client writes the same lines, and every value it
 * refuses is refused here with the same typed error, before anything is sent.
 */
import { AmiValidationError } from "@amikit/client";
import { AmiEncodeError, type AmiFieldValue, formatAction, isSecretHeader } from "@amikit/codec";

/** A parameter value JSON carries unchanged, which the relay's client encodes as the original. */
export type WireFieldValue = string | number | boolean | readonly string[] | Readonly<Record<string, string>>;

/**
 * Checks `params` exactly as the direct client does (the codec's rules) and returns them in a form
 * `JSON.stringify` keeps whole: a `bigint` becomes its decimal digits (what the codec writes for it),
 * a `Map` becomes the `name=value` strings of its entries in order (one `Key: name=value` line each,
 * as the codec writes a Map); `undefined` values are left out (the codec skips them). Everything
 * else JSON already keeps as the codec reads it.
 *
 * @throws {AmiEncodeError} a key or value the codec cannot encode (a `Date`, a `Set`, `null`, `NaN`,
 *   a Map or record of non-strings, CR/LF/NUL in a value…), as the direct client would.
 * @throws {AmiValidationError} the same, for a secret-bearing header (`Secret`, `Variable`…): the
 *   message names the header but never quotes its value, as the direct client's does.
 * @internal
 */
export function toWireParams(
  action: string,
  params: Readonly<Record<string, AmiFieldValue>>,
): Record<string, WireFieldValue> {
  try {
    // The action name is the relay's to check; only the parameters are checked here.
    formatAction(typeof action === "string" && action !== "" ? action : "Action", params);
  } catch (error) {
    if (error instanceof AmiEncodeError && error.key !== undefined && isSecretHeader(error.key)) {
      throw new AmiValidationError(`${action}: ${error.message}`, action);
    }
    throw error;
  }
  // No prototype: a key such as `__proto__` stays an ordinary key.
  const wire = Object.create(null) as Record<string, WireFieldValue>;
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined) continue;
    if (typeof value === "bigint") wire[key] = value.toString();
    else if (value instanceof Map) {
      wire[key] = Array.from(value as ReadonlyMap<string, string>, ([name, entry]) => `${name}=${entry}`);
    } else wire[key] = value as WireFieldValue;
  }
  return wire;
}
