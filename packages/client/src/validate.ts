/**
 * Checks on outgoing actions: required parameters (from the definitions' metadata table) and encode
 * errors that must not quote a secret.
 */
import { AmiEncodeError, type AmiFieldValue } from "@amikit/codec";
import { type ActionMetadata, findAction } from "@amikit/definitions";
import { AmiValidationError } from "./errors.ts";

/** Header names whose values must never appear in an error message. */
const SECRET_KEYS = /secret|passw|^key$/i;

/** Action metadata by the name as the caller spelled it (`null`: unknown), so repeated actions skip the lookup. */
const knownActions = new Map<string, ActionMetadata | null>();

/**
 * Throws `AmiValidationError` when a known action misses required parameters (compared
 * case-insensitively; an `undefined` value counts as missing). Unknown actions pass.
 *
 * @internal
 */
export function validateParams(
  action: string,
  params: Readonly<Record<string, AmiFieldValue>> | undefined,
): void {
  let metadata = knownActions.get(action);
  if (metadata === undefined) {
    metadata = findAction(action) ?? null;
    if (knownActions.size >= 1024) knownActions.clear();
    knownActions.set(action, metadata);
  }
  if (metadata === null || metadata.requiredParams.length === 0) return;
  const present = new Set<string>();
  if (params !== undefined) {
    for (const key of Object.keys(params)) if (params[key] !== undefined) present.add(key.toLowerCase());
  }
  const missing = metadata.requiredParams.filter((param) => !present.has(param.toLowerCase()));
  if (missing.length > 0) {
    throw new AmiValidationError(
      `${metadata.name}: missing required parameter${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
      metadata.name,
      missing,
    );
  }
}

/**
 * The codec's encode errors quote the offending value; for a secret-bearing header (`Secret`, `Key`,
 * `Password`…) that would leak it, so such an error becomes an `AmiValidationError` naming only the key.
 *
 * @internal
 */
export function redactEncodeError(error: unknown, action: string): Error {
  if (error instanceof AmiEncodeError && error.key !== undefined && SECRET_KEYS.test(error.key)) {
    return new AmiValidationError(
      `${action}: the value of "${error.key}" cannot be sent (it contains CR, LF or NUL, or has an unsupported type)`,
      action,
    );
  }
  return asError(error);
}

/** A field's value by case-insensitive name. @internal */
export function fieldValue(fields: Readonly<Record<string, AmiFieldValue>>, name: string): AmiFieldValue {
  const lower = name.toLowerCase();
  for (const key of Object.keys(fields)) if (key.toLowerCase() === lower) return fields[key];
  return undefined;
}

/** Anything thrown, as an Error. @internal */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
