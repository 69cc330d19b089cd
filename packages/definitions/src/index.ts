/**
 * Typed AMI actions, responses and events generated from Asterisk's XML documentation: the default
 * types are the union over Asterisk 18, 20, 21, 22 and 23. Exact per-release types live in the
 * `@amikit/definitions/asterisk-<major>` entry points.
 *
 * @packageDocumentation
 */
export * from "./generated/index.ts";
export { findAction, findEvent } from "./lookup.ts";
export type {
  ActionMetadata,
  AmiActionEntry,
  AmiGenericPacket,
  AmiGenericParams,
  AmiParamValue,
  EventMetadata,
} from "./types.ts";
