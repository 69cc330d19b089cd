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
  // Most channel events repeat the snapshot unchanged: tell so without building anything.
  if (previous !== undefined && unchanged(event, previous)) return previous;
  const state = text(event, "ChannelStateDesc") as LiveChannelState;
  const callerId = party(event, "CallerID");
  const connectedLine = party(event, "ConnectedLine");
  const raw = event.ChanVariable;
  const variables =
    raw === undefined
      ? (previous?.variables ?? {})
      : previous !== undefined && sameVariables(raw, previous.variables)
        ? previous.variables
        : channelVariables(event);
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
  return (
    a.uniqueid === b.uniqueid &&
    a.linkedid === b.linkedid &&
    a.name === b.name &&
    a.state === b.state &&
    a.stateCode === b.stateCode &&
    a.callerId === b.callerId &&
    a.connectedLine === b.connectedLine &&
    a.accountCode === b.accountCode &&
    a.language === b.language &&
    a.context === b.context &&
    a.exten === b.exten &&
    a.priority === b.priority &&
    a.application === b.application &&
    a.applicationData === b.applicationData &&
    a.variables === b.variables &&
    a.onHold === b.onHold &&
    a.bridge === b.bridge &&
    a.dials === b.dials &&
    a.createdAt === b.createdAt &&
    a.answeredAt === b.answeredAt
  );
}

/**
 * Whether the event's channel snapshot says exactly what `previous` holds (then {@link channelFrom}
 * returns `previous`): the same comparisons as building the candidate and {@link sameChannel}, without
 * allocating. `answeredAt` is only set from the event when unset and the state is `Up`, which a changed
 * state covers.
 */
function unchanged(event: AmiEvent, previous: LiveChannel): boolean {
  if (
    text(event, "ChannelStateDesc") !== previous.state ||
    text(event, "Uniqueid") !== previous.uniqueid ||
    text(event, "Linkedid") !== previous.linkedid ||
    text(event, "Channel") !== previous.name ||
    text(event, "ChannelState") !== previous.stateCode ||
    text(event, "CallerIDNum") !== previous.callerId.number ||
    text(event, "CallerIDName") !== previous.callerId.name ||
    text(event, "ConnectedLineNum") !== previous.connectedLine.number ||
    text(event, "ConnectedLineName") !== previous.connectedLine.name ||
    text(event, "AccountCode") !== previous.accountCode ||
    text(event, "Language") !== previous.language ||
    text(event, "Context") !== previous.context ||
    text(event, "Exten") !== previous.exten ||
    text(event, "Priority") !== previous.priority
  ) {
    return false;
  }
  if (previous.answeredAt === undefined && previous.state === "Up") return false;
  const raw = event.ChanVariable;
  return raw === undefined || sameVariables(raw, previous.variables);
}

/** Whether the `ChanVariable` headers hold exactly `variables`, as {@link channelVariables} reads them. */
function sameVariables(
  raw: string | readonly string[],
  variables: Readonly<Record<string, string>>,
): boolean {
  const entries = typeof raw === "string" ? [raw] : raw;
  let count = 0;
  for (const key in variables) if (Object.hasOwn(variables, key)) count++;
  if (entries.length !== count) return slowSameVariables(entries, variables);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as string;
    const equals = entry.indexOf("=");
    const name = equals < 0 ? entry : entry.slice(0, equals);
    const value = equals < 0 ? "" : entry.slice(equals + 1);
    if (!Object.hasOwn(variables, name) || variables[name] !== value) {
      return slowSameVariables(entries, variables);
    }
    for (let j = 0; j < i; j++) {
      if ((entries[j] as string).startsWith(`${name}=`) || entries[j] === name) {
        return slowSameVariables(entries, variables); // a name sent twice: the last one counts
      }
    }
  }
  return true;
}

function slowSameVariables(
  entries: string | readonly string[],
  variables: Readonly<Record<string, string>>,
): boolean {
  return sameRecord(channelVariables({ ChanVariable: entries } as AmiEvent), variables);
}

function sameParty(a: LiveParty, b: LiveParty): boolean {
  return a.number === b.number && a.name === b.name;
}
