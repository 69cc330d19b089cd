/**
 * Checks on outgoing actions: required parameters (from the definitions' metadata table) and encode
 * errors that must not quote a secret.
 */
import { AmiEncodeError, type AmiFieldValue } from "@amikit/codec";
import { type ActionMetadata, findAction } from "@amikit/definitions";
import { AmiValidationError } from "./errors.ts";
import { isSecretHeader } from "./redact.ts";

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
 * An encode error about a secret-bearing header (`Secret`, `Key`, `Password`, `Variable`…, the codec's
 * `isSecretHeader` list) becomes an `AmiValidationError` for the action; its message is the codec's,
 * which names the header, the character and its position but never quotes such a value.
 *
 * @internal
 */
export function redactEncodeError(error: unknown, action: string): Error {
  if (error instanceof AmiEncodeError && error.key !== undefined && isSecretHeader(error.key)) {
    // The codec's message names the header, the character and its position, never such a value.
    return new AmiValidationError(`${action}: ${error.message}`, action);
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
