/** Building a {@link LiveChannel} from the channel snapshot every channel event carries. */
import type { AmiEvent } from "@amikit/client";
import type { LiveChannel, LiveChannelState } from "../model/channel.ts";
import type { LiveParty } from "../model/party.ts";
import { channelVariables, party, sameRecord, text } from "./fields.ts";

/** True when the event carries a channel snapshot (`Uniqueid`, `Linkedid`, `Channel`, `ChannelStateDesc`). */
export function hasChannelSnapshot(event: AmiEvent): boolean {
  return (
    typeof event.Uniqueid === "string" &&
    typeof event.Linkedid === "string" &&
    typeof event.Channel === "string" &&
    typeof event.ChannelStateDesc === "string"
  );
}

/**
 * The channel as the event describes it, merged over `previous` (keeping what the event does not say:
 * creation and answer times, application, hold, bridge, dials). Returns `previous` itself when nothing changed.
 */
export function channelFrom(event: AmiEvent, previous: LiveChannel | undefined, at: number): LiveChannel {
  const state = text(event, "ChannelStateDesc") as LiveChannelState;
  const callerId = party(event, "CallerID");
  const connectedLine = party(event, "ConnectedLine");
  const variables = event.ChanVariable === undefined ? (previous?.variables ?? {}) : channelVariables(event);
  const candidate: LiveChannel = {
    uniqueid: text(event, "Uniqueid"),
    linkedid: text(event, "Linkedid"),
    name: text(event, "Channel"),
    state,
    stateCode: text(event, "ChannelState"),
    callerId: previous !== undefined && sameParty(previous.callerId, callerId) ? previous.callerId : callerId,
    connectedLine:
      previous !== undefined && sameParty(previous.connectedLine, connectedLine)
        ? previous.connectedLine
        : connectedLine,
    accountCode: text(event, "AccountCode"),
    language: text(event, "Language"),
    context: text(event, "Context"),
    exten: text(event, "Exten"),
    priority: text(event, "Priority"),
    application: previous?.application ?? "",
    applicationData: previous?.applicationData ?? "",
    variables:
      previous !== undefined && sameRecord(previous.variables, variables) ? previous.variables : variables,
    onHold: previous?.onHold ?? false,
    bridge: previous?.bridge,
    dials: previous?.dials ?? {},
    createdAt: previous?.createdAt ?? at,
    answeredAt: previous?.answeredAt ?? (state === "Up" ? at : undefined),
  };
  return previous !== undefined && sameChannel(previous, candidate) ? previous : candidate;
}

/** Field-by-field equality (nested records compared by identity, which {@link channelFrom} preserves). */
export function sameChannel(a: LiveChannel, b: LiveChannel): boolean {
  for (const key of Object.keys(a) as (keyof LiveChannel)[]) if (a[key] !== b[key]) return false;
  return true;
}

function sameParty(a: LiveParty, b: LiveParty): boolean {
  return a.number === b.number && a.name === b.name;
}
