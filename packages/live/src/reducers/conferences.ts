/**
 * ConfBridge events (`apps/confbridge/confbridge_manager.c`): `ConfbridgeStart`/`End` open and close a
 * conference, `ConfbridgeJoin`/`Leave` change its participants, `ConfbridgeMute`/`Unmute`/`Talking` a
 * participant's flags. `ConfbridgeLock`/`Unlock` raise no event (see FACTS.md): `locked` comes from snapshots.
 */
import type { AmiEvent } from "@amikit/client";
import type { LiveConference, LiveConferenceParticipant } from "../model/conference.ts";
import type { LiveState } from "../model/state.ts";
import { flag, optional, text } from "./fields.ts";
import { withCollection, withEntry, withField, withoutEntry, withoutField } from "./maps.ts";

/** Applies a `Confbridge*` event. */
export function reduceConference(state: LiveState, event: AmiEvent): LiveState {
  const name = text(event, "Conference");
  if (name === "") return state;
  const kind = text(event, "Event");
  if (kind === "ConfbridgeEnd")
    return withCollection(state, "conferences", withoutEntry(state.conferences, name));
  const known = state.conferences.get(name);
  if (known === undefined && kind !== "ConfbridgeStart" && kind !== "ConfbridgeJoin") return state;
  const conference = known ?? emptyConference(name, optional(event, "BridgeUniqueid"));
  const next = reduceOne(conference, event, kind);
  if (next === conference && state.conferences.has(name)) return state;
  return withCollection(state, "conferences", withEntry(state.conferences, name, next));
}

/** A conference with no participants yet. */
export function emptyConference(name: string, bridge: string | undefined): LiveConference {
  return { name, bridge, locked: false, participants: {} };
}

/** A participant from `ConfbridgeJoin` or a `ConfbridgeList` item. */
export function participantFrom(event: AmiEvent): LiveConferenceParticipant {
  return {
    uniqueid: text(event, "Uniqueid"),
    channel: text(event, "Channel"),
    callerId: { number: text(event, "CallerIDNum"), name: text(event, "CallerIDName") },
    admin: flag(event, "Admin"),
    muted: flag(event, "Muted"),
    talking: flag(event, "Talking"),
  };
}

function reduceOne(conference: LiveConference, event: AmiEvent, kind: string): LiveConference {
  const uniqueid = text(event, "Uniqueid");
  const bridge = conference.bridge ?? optional(event, "BridgeUniqueid");
  const base = bridge === conference.bridge ? conference : { ...conference, bridge };
  switch (kind) {
    case "ConfbridgeJoin": {
      if (Object.hasOwn(base.participants, uniqueid)) return base;
      return { ...base, participants: withField(base.participants, uniqueid, participantFrom(event)) };
    }
    case "ConfbridgeLeave": {
      const participants = withoutField(base.participants, uniqueid);
      return participants === base.participants ? base : { ...base, participants };
    }
    case "ConfbridgeMute":
      return setFlag(base, uniqueid, "muted", true);
    case "ConfbridgeUnmute":
      return setFlag(base, uniqueid, "muted", false);
    case "ConfbridgeTalking":
      return setFlag(base, uniqueid, "talking", text(event, "TalkingStatus") === "on");
    default:
      return base;
  }
}

function setFlag(
  conference: LiveConference,
  uniqueid: string,
  key: "muted" | "talking",
  value: boolean,
): LiveConference {
  const participant = conference.participants[uniqueid];
  if (participant === undefined || participant[key] === value) return conference;
  return {
    ...conference,
    participants: withField(conference.participants, uniqueid, { ...participant, [key]: value }),
  };
}
