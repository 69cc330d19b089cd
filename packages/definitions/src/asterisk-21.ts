/**
 * The exact types of Asterisk 21's documentation. Runtime metadata is the shared table (each entry lists
 * the releases that have it).
 *
 * @packageDocumentation
 */
export type * from "./generated/asterisk-21/index.ts";
export { actionMetadata, eventMetadata } from "./generated/index.ts";
export { findAction, findEvent } from "./lookup.ts";
export type {
  ActionMetadata,
  AmiActionEntry,
  AmiGenericPacket,
  AmiGenericParams,
  AmiParamValue,
  EventMetadata,
} from "./types.ts";
