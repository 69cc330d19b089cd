import type { AmiActionEntry, AmiGenericPacket, AmiGenericParams } from "./types.ts";

/**
 * The shape every generated `AmiActionMap` has: one {@link AmiActionEntry} per action name. `M` is the
 * map itself, so interfaces (which have no index signature) fit.
 */
export type AmiActionMapShape<M> = {
  readonly [K in keyof M]: AmiActionEntry<unknown, unknown, unknown, unknown>;
};

/** The name of an action in the action map `M` (canonical casing). */
export type ActionNameIn<M> = keyof M & string;

/** The name of an event in the event map `M`. */
export type EventNameIn<M> = keyof M & string;

/** The parameters of action `A` in the action map `M`; any headers for an action `M` does not know. */
export type ActionParamsIn<M extends AmiActionMapShape<M>, A extends string> = A extends keyof M
  ? M[A]["params"]
  : AmiGenericParams;

/** The response to action `A` in the action map `M`; a generic packet for an action `M` does not know. */
export type ActionResponseIn<M extends AmiActionMapShape<M>, A extends string> = A extends keyof M
  ? M[A]["response"]
  : AmiGenericPacket;

/**
 * The events the list action `A` of the action map `M` answers with (`never` when `A` is not a list); a
 * generic packet for an action `M` does not know.
 */
export type ListItemEventIn<M extends AmiActionMapShape<M>, A extends string> = A extends keyof M
  ? M[A]["listItems"]
  : AmiGenericPacket;

/**
 * The event that completes the list of action `A` in the action map `M` (`never` when `A` is not a
 * list); a generic packet for an action `M` does not know.
 */
export type ListCompleteEventIn<M extends AmiActionMapShape<M>, A extends string> = A extends keyof M
  ? M[A]["complete"]
  : AmiGenericPacket;

/** The event named `E` in the event map `M`; a generic packet for an event `M` does not know. */
export type EventOfIn<M, E extends string> = E extends keyof M ? M[E] : AmiGenericPacket;

/** Any event of the event map `M`: narrow it on its `Event` header. */
export type DocumentedEventIn<M> = M[keyof M & string];
