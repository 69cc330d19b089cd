/**
 * Helpers that keep secrets out of diagnostic output.
 *
 * @internal
 */

/**
 * Whether a header's values may hold a secret (`Secret`, `Key`, `Password`, `Variable`, any name with
 * `secret`, `pass`, `key` or `variable`): the codec's list, so that the client and the codec's error
 * messages redact the same headers. @internal
 */
export { isSecretHeader } from "@amikit/codec";

/** What a secret is shown as. @internal */
export const REDACTED = "[redacted]";

/**
 * The symbol Node's `util.inspect` (and `console.log`) calls for a custom rendering. Registered with
 * `Symbol.for`, so no `node:util` import is needed. @internal
 */
export const redactedInspect: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/** Deno's equivalent of {@link redactedInspect}. @internal */
export const denoInspect: unique symbol = Symbol.for("Deno.customInspect") as never;
