/**
 * Channel events: `Newchannel` adds a channel, every later event that carries its snapshot updates it,
 * `Hangup` removes it (events after the `Hangup` do not bring it back: Asterisk 22 sends some, see
 * FACTS.md); `Newexten`, `Hold`/`Unhold` and the `Dial*` events set what the snapshot does not carry.
 */
import type { AmiEvent } from "@amikit/client";
import type { LiveChannel, LiveDial } from "../model/channel.ts";
import type { LiveState } from "../model/state.ts";
import { answerCall, attachToCall, detachFromCall, refreshCallBridges } from "./calls.ts";
import { channelFrom, hasChannelSnapshot, type RunningApplication, sameChannel } from "./channel-fields.ts";
import type { ReduceContext } from "./context.ts";
import { text, value } from "./fields.ts";
import { replaceEntry, withCollection, withEntry, withField, withoutEntry, withoutItem } from "./maps.ts";

/** Applies a channel-related event (any event with a channel snapshot, and the `Dial*` events). */
export function reduceChannel(
  state: LiveState,
  event: AmiEvent,
  name: string,
  at: number,
  context: ReduceContext,
): LiveState {
  const uniqueid = value(event.Uniqueid);
  if (name === "Hangup") return hangup(state, uniqueid, at, context);
  const running =
    name === "Newexten"
      ? { application: text(event, "Application"), applicationData: text(event, "AppData") }
      : undefined;
  if (hasChannelSnapshot(event)) {
    const previous = state.channels.get(uniqueid);
    if (previous !== undefined || name === "Newchannel") {
      // A Newexten's application goes in with the rest of its snapshot: one new channel, not two.
      const next = upsert(state, event, uniqueid, previous, at, running);
      return holdOrDial(next, event, name, previous === undefined ? uniqueid : previous.uniqueid);
    }
  }
  if (running !== undefined) return patch(state, uniqueid, running);
  return holdOrDial(state, event, name, uniqueid);
}

/**
 * Applies what `Hold`, `Unhold` and the `Dial*` events say beyond the channel snapshot, to the channel
 * `uniqueid` (the stored key when known, which the map finds by identity).
 */
function holdOrDial(state: LiveState, event: AmiEvent, name: string, uniqueid: string): LiveState {
  switch (name) {
    case "Hold":
      return patch(state, uniqueid, { onHold: true });
    case "Unhold":
      return patch(state, uniqueid, { onHold: false });
    case "DialBegin":
    case "DialState":
    case "DialEnd":
      return dial(state, event, name, uniqueid);
    default:
      return state;
  }
}

/** Adds or updates the channel the event describes, moving it between calls if its `Linkedid` changed. */
function upsert(
  state: LiveState,
  event: AmiEvent,
  uniqueid: string,
  previous: LiveChannel | undefined,
  at: number,
  running: RunningApplication | undefined,
): LiveState {
  const channel = channelFrom(event, previous, at, running);
  if (channel === previous) return state;
  let next: LiveState = withCollection(
    state,
    "channels",
    // The stored key when known: found by identity, not by comparing the event's fresh string.
    replaceEntry(state.channels, previous === undefined ? uniqueid : previous.uniqueid, previous, channel),
  );
  if (previous !== undefined && previous.linkedid === channel.linkedid) {
    // Still in the same call (every known channel is listed in its call) and in the same bridge (only
    // the bridge events move it, see bridges.ts): the call changes at most by being answered.
    return channel.answeredAt === undefined ? next : answerCall(next, channel.linkedid, channel.answeredAt);
  }
  if (previous !== undefined) {
    next = detachFromCall(next, previous.linkedid, uniqueid, at, false);
    next = refreshCallBridges(next, previous.linkedid);
  }
  next = attachToCall(next, channel.linkedid, uniqueid, channel.createdAt);
  if (channel.answeredAt !== undefined) next = answerCall(next, channel.linkedid, channel.answeredAt);
  return refreshCallBridges(next, channel.linkedid);
}

/** Changes some fields of a known channel (nothing when unknown or unchanged). */
export function patch(state: LiveState, uniqueid: string, fields: Partial<LiveChannel>): LiveState {
  const channel = state.channels.get(uniqueid);
  if (channel === undefined) return state;
  const changed = { ...channel, ...fields };
  if (sameChannel(channel, changed)) return state;
  return withCollection(state, "channels", withEntry(state.channels, uniqueid, changed));
}

function dial(state: LiveState, event: AmiEvent, name: string, uniqueid: string): LiveState {
  const caller = state.channels.get(uniqueid);
  const destination = text(event, "DestUniqueid");
  if (caller === undefined || destination === "") return state;
  const previous = caller.dials[destination];
  const status = name === "DialBegin" ? (previous?.status ?? "") : text(event, "DialStatus");
  const ended = name === "DialEnd" || (previous?.ended ?? false);
  if (previous !== undefined && previous.status === status && previous.ended === ended) return state;
  const entry: LiveDial = { destination, destinationName: text(event, "DestChannel"), status, ended };
  return patch(state, caller.uniqueid, { dials: withField(caller.dials, destination, entry) });
}

/** Removes a channel: out of its call, out of any bridge still listing it. */
export function hangup(state: LiveState, hungUp: string, at: number, context: ReduceContext): LiveState {
  const channel = state.channels.get(hungUp);
  if (channel === undefined) return state;
  const uniqueid = channel.uniqueid; // the stored string: the maps and lists holding it match it by identity
  let next: LiveState = withCollection(state, "channels", withoutEntry(state.channels, uniqueid));
  if (channel.bridge !== undefined) {
    const bridge = next.bridges.get(channel.bridge);
    if (bridge !== undefined) {
      const members = withoutItem(bridge.members, uniqueid);
      if (members !== bridge.members) {
        next = withCollection(
          next,
          "bridges",
          withEntry(next.bridges, bridge.uniqueid, { ...bridge, members }),
        );
      }
    }
  }
  next = detachFromCall(next, channel.linkedid, uniqueid, at, context.keepEndedCalls ?? false);
  return refreshCallBridges(next, channel.linkedid);
}
