/**
 * The request/reply messages on `ami.<server>.action`, JSON both ways, and how errors cross NATS:
 * the relay sends the error's class name and fields, the remote client rebuilds the same typed error.
 */
import {
  AmiAbortError,
  AmiActionError,
  AmiAuthError,
  AmiClosedError,
  AmiConnectionError,
  AmiOriginateError,
  AmiQueueFullError,
  AmiTimeoutError,
  AmiValidationError,
} from "@amikit/client";
import { AmiActionNotAllowedError, AmiRelayError } from "./errors.ts";
import type { WireFieldValue } from "./wire-params.ts";

/** What a caller asks the relay to do. @internal */
export type ActionRequestKind = "action" | "list" | "command" | "originate" | "send";

/** An action request. @internal */
export interface ActionRequest {
  readonly kind: ActionRequestKind;
  /** The action name (`Command` for `command`, `Originate` for `originate`). */
  readonly action: string;
  /** The parameters, made JSON-safe by the remote client (`toWireParams`). */
  readonly params?: Readonly<Record<string, WireFieldValue>>;
  /** The ActionID the caller chose, for `send` (used as is by the relay's client). */
  readonly actionId?: string;
  /** The CLI command, for `command`. */
  readonly command?: string;
  /** The caller's timeout in milliseconds, applied by the relay to the AMI action. */
  readonly timeout?: number;
}

/** An error as it crosses NATS. @internal */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly action?: string;
  readonly actionId?: string;
  readonly response?: Record<string, string | string[]>;
  readonly event?: Record<string, string | string[]>;
  readonly timeout?: number;
  readonly missing?: readonly string[];
  readonly username?: string;
  readonly limit?: number;
}

/** The relay's answer. @internal */
export type ActionReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: WireError };

/** Turns any error into its wire form. @internal */
export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const fields = error as Error & Partial<Record<keyof WireError, unknown>>;
  const wire: Record<string, unknown> = { name: error.name, message: error.message };
  for (const key of [
    "action",
    "actionId",
    "response",
    "event",
    "timeout",
    "missing",
    "username",
    "limit",
  ] as const) {
    if (fields[key] !== undefined) wire[key] = fields[key];
  }
  return wire as unknown as WireError;
}

/** Rebuilds the typed error a relay reported. @internal */
export function fromWireError(wire: WireError, server: string): Error {
  const action = wire.action;
  switch (wire.name) {
    case "AmiActionError": {
      const error = new AmiActionError(action ?? "", wire.actionId ?? "", wire.response ?? {}, wire.message);
      return error;
    }
    case "AmiTimeoutError":
      return new AmiTimeoutError(wire.message, wire.timeout ?? 0, action, wire.actionId);
    case "AmiValidationError":
      return new AmiValidationError(wire.message, action, wire.missing ?? []);
    case "AmiOriginateError":
      return new AmiOriginateError(wire.event ?? {});
    case "AmiActionNotAllowedError":
      return new AmiActionNotAllowedError(action ?? "", server);
    case "AmiQueueFullError":
      return new AmiQueueFullError(wire.limit ?? 0);
    case "AmiAuthError":
      return new AmiAuthError(wire.message, wire.username ?? "");
    case "AbortError":
    case "AmiAbortError":
      return new AmiAbortError(wire.message, action);
    case "AmiClosedError":
      return new AmiClosedError(wire.message);
    case "AmiConnectionError":
    case "AmiGreetingError":
    case "AmiWriteQueueFullError":
    case "AmiSocketError":
      return new AmiConnectionError(wire.message);
    default:
      return new AmiRelayError(`The relay for "${server}" failed: ${wire.name}: ${wire.message}`, server);
  }
}
