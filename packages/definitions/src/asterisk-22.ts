/**
 * The exact types of Asterisk 22's documentation. Runtime metadata is the shared table (each entry lists
 * the releases that have it).
 *
 * @packageDocumentation
 */
import type { AmiActionMap, AmiEventMap } from "./generated/asterisk-22/index.ts";
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

export type * from "./generated/asterisk-22/index.ts";
export { actionMetadata, eventMetadata } from "./generated/index.ts";
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

// The package root's lookups, over this release's maps (see there for what each one is).
/** The name of an action Asterisk 22 documents. */
export type ActionName = ActionNameIn<AmiActionMap>;
/** The name of an event Asterisk 22 documents. */
export type EventName = EventNameIn<AmiEventMap>;
/** The parameters of action `A` in Asterisk 22; any headers for an action it does not document. */
export type ActionParams<A extends string> = ActionParamsIn<AmiActionMap, A>;
/** The response to action `A` in Asterisk 22; a generic packet for an action it does not document. */
export type ActionResponse<A extends string> = ActionResponseIn<AmiActionMap, A>;
/** The list items of action `A` in Asterisk 22 (`never` when not a list); a generic packet for an unknown action. */
export type ListItemEvent<A extends string> = ListItemEventIn<AmiActionMap, A>;
/** The event completing the list of action `A` in Asterisk 22 (`never` when not a list); a generic packet for an unknown action. */
export type ListCompleteEvent<A extends string> = ListCompleteEventIn<AmiActionMap, A>;
/** The event named `E` in Asterisk 22; a generic packet for an event it does not document. */
export type EventOf<E extends string> = EventOfIn<AmiEventMap, E>;
/** Any event Asterisk 22 documents: narrow it on its `Event` header. */
export type DocumentedEvent = DocumentedEventIn<AmiEventMap>;
