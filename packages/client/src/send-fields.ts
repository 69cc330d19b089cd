import type { AmiFieldValue } from "@amikit/codec";
import { AmiValidationError } from "./errors.ts";

/** A generic action's fields as `send()` reads them. */
export interface AmiSendFields {
  /** The `Action` value (the key matched in any letter case). */
  readonly action: string;
  /** The caller's `ActionID`, when it gave one (as a string). */
  readonly actionId: string | undefined;
  /** Every other field, keys as given. */
  readonly params: Record<string, AmiFieldValue>;
}

/**
 * Splits the fields of a generic action (what `client.send(fields)` takes) into its `Action`, its
 * `ActionID` and the other fields, each key matched in any letter case — as `send()` does, so that a
 * wrapper (a relay, a queue) that forwards generic actions reads them exactly like the client.
 *
 * @example
 * ```ts
 * const { action, actionId, params } = splitSendFields({ Action: "Ping", ActionID: "p-1" });
 * // action "Ping", actionId "p-1", params {}
 * ```
 *
 * @throws {AmiValidationError} the fields hold no non-empty string `Action`.
 */
export function splitSendFields(fields: Readonly<Record<string, AmiFieldValue>>): AmiSendFields {
  let action: string | undefined;
  let actionId: string | undefined;
  const params: Record<string, AmiFieldValue> = {};
  for (const key of Object.keys(fields ?? {})) {
    const value = fields[key];
    const lower = key.toLowerCase();
    if (lower === "action") action = typeof value === "string" ? value : undefined;
    else if (lower === "actionid") actionId = typeof value === "string" ? value : String(value);
    else params[key] = value as AmiFieldValue;
  }
  if (action === undefined || action === "") {
    throw new AmiValidationError("send(): fields must hold a non-empty string `Action`");
  }
  return { action, actionId, params };
}
