/** ConfBridge conferences and their participants. */

/** A participant, keyed by its channel's `Uniqueid`. */
export interface LiveConferenceParticipant {
  /** The channel's `Uniqueid`. */
  readonly uniqueid: string;
  /** Its `Channel` name. */
  readonly channel: string;
  /** `CallerIDNum` / `CallerIDName`. */
  readonly callerId: { readonly number: string; readonly name: string };
  /** `Admin: Yes`. */
  readonly admin: boolean;
  /** `Muted: Yes` (ConfbridgeMute / ConfbridgeUnmute). */
  readonly muted: boolean;
  /** `TalkingStatus: on` of the latest `ConfbridgeTalking` (only with talk detection on). */
  readonly talking: boolean;
}

/** A ConfBridge conference, keyed by its name. Immutable. */
export interface LiveConference {
  /** `Conference`: the key. */
  readonly name: string;
  /** The `BridgeUniqueid` of its bridge, when known from an event. */
  readonly bridge: string | undefined;
  /** `Locked: Yes` in `ConfbridgeListRooms` (no event reports changes). */
  readonly locked: boolean;
  /** Participants by `Uniqueid`. */
  readonly participants: Readonly<Record<string, LiveConferenceParticipant>>;
}
