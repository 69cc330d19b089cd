/**
 * Typed AMI actions, responses and events generated from Asterisk's XML documentation: the default
 * types are the union over Asterisk 18, 20, 21, 22 and 23. Exact per-release types live in the
 * `@amikit/definitions/asterisk-<major>` entry points.
 *
 * @packageDocumentation
 */

import type { AmiActionMap, AmiEventMap } from "./generated/index.ts";
import type {
  ActionNameIn,
  ActionParamsIn,
  ActionResponseIn,
  DocumentedEventIn,
  EventNameIn,
  EventOfIn,
  ListCompleteEventIn,
  ListItemEventIn,
} from "./map-lookups.ts";

export * from "./generated/index.ts";
export { findAction, findEvent } from "./lookup.ts";
export type * from "./map-lookups.ts";
export type {
  ActionMetadata,
  AmiActionEntry,
  AmiFieldValue,
  AmiGenericPacket,
  AmiGenericParams,
  EventMetadata,
} from "./types.ts";

/** The name of a documented action (canonical casing). */
export type ActionName = ActionNameIn<AmiActionMap>;
/** The name of a documented event. */
export type EventName = EventNameIn<AmiEventMap>;
/** The parameters of action `A`; any headers for an action the documentation does not know. */
export type ActionParams<A extends string> = ActionParamsIn<AmiActionMap, A>;
/** The response to action `A`; a generic packet for an unknown action. */
export type ActionResponse<A extends string> = ActionResponseIn<AmiActionMap, A>;
/** The events a list action `A` answers with (`never` when `A` is not a list); a generic packet for an unknown action. */
export type ListItemEvent<A extends string> = ListItemEventIn<AmiActionMap, A>;
/** The event that completes the list of action `A` (`never` when `A` is not a list); a generic packet for an unknown action. */
export type ListCompleteEvent<A extends string> = ListCompleteEventIn<AmiActionMap, A>;
/** The event named `E`; a generic packet for an event the documentation does not know. */
export type EventOf<E extends string> = EventOfIn<AmiEventMap, E>;
/** Any documented event: narrow it on its `Event` header. */
export type DocumentedEvent = DocumentedEventIn<AmiEventMap>;
