/** Building a {@link LiveChannel} from the channel snapshot every channel event carries. */
import type { AmiEvent } from "@amikit/client";
import type { LiveChannel, LiveChannelState } from "../model/channel.ts";
import { channelVariables, sameRecord, value } from "./fields.ts";

/** True when the event carries a channel snapshot (`Uniqueid`, `Linkedid`, `Channel`, `ChannelStateDesc`). */
export function hasChannelSnapshot(event: AmiEvent): boolean {
  return (
    typeof event.Uniqueid === "string" &&
    typeof event.Linkedid === "string" &&
    typeof event.Channel === "string" &&
    typeof event.ChannelStateDesc === "string"
  );
}

/** What a `Newexten` says a channel runs: its `Application` and `AppData`. */
export interface RunningApplication {
  readonly application: string;
  readonly applicationData: string;
}

/**
 * The channel as the event describes it, merged over `previous` (the channel stored under the event's
 * `Uniqueid`), keeping what the event does not say: creation and answer times, application, hold,
 * bridge, dials. `running` (from a `Newexten`) replaces the application. Returns `previous` itself when
 * nothing changed. Reads each header once and compares each field once (an event's strings are fresh:
 * every comparison is by content); most channel events repeat the snapshot unchanged and allocate nothing.
 */
export function channelFrom(
  event: AmiEvent,
  previous: LiveChannel | undefined,
  at: number,
  running?: RunningApplication,
): LiveChannel {
  const state = value(event.ChannelStateDesc) as LiveChannelState;
  const linkedid = value(event.Linkedid);
  const name = value(event.Channel);
  const stateCode = value(event.ChannelState);
  const callerNumber = value(event.CallerIDNum);
  const callerName = value(event.CallerIDName);
  const connectedNumber = value(event.ConnectedLineNum);
  const connectedName = value(event.ConnectedLineName);
  const accountCode = value(event.AccountCode);
  const language = value(event.Language);
  const context = value(event.Context);
  const exten = value(event.Exten);
  const priority = value(event.Priority);
  const application = running === undefined ? (previous?.application ?? "") : running.application;
  const applicationData = running === undefined ? (previous?.applicationData ?? "") : running.applicationData;
  const raw = event.ChanVariable;
  let variables: Readonly<Record<string, string>>;
  if (raw === undefined) {
    variables = previous?.variables ?? {};
  } else if (previous !== undefined && sameVariables(raw, previous.variables)) {
    variables = previous.variables;
  } else {
    const parsed = channelVariables(event);
    variables =
      previous !== undefined && sameRecord(previous.variables, parsed) ? previous.variables : parsed;
  }
  // Compared once and up front: the call's key, so an unchanged one keeps the stored string (the calls
  // map finds a key it holds by identity, an equal fresh string only by content).
  const sameLinkedid = previous !== undefined && linkedid === previous.linkedid;
  const sameCaller =
    previous !== undefined &&
    previous.callerId.number === callerNumber &&
    previous.callerId.name === callerName;
  const sameConnected =
    previous !== undefined &&
    previous.connectedLine.number === connectedNumber &&
    previous.connectedLine.name === connectedName;
  if (
    previous !== undefined &&
    state === previous.state &&
    sameLinkedid &&
    name === previous.name &&
    stateCode === previous.stateCode &&
    sameCaller &&
    sameConnected &&
    accountCode === previous.accountCode &&
    language === previous.language &&
    context === previous.context &&
    exten === previous.exten &&
    priority === previous.priority &&
    application === previous.application &&
    applicationData === previous.applicationData &&
    variables === previous.variables &&
    // `answeredAt` is set from the event only when unset and the state is `Up`.
    !(previous.answeredAt === undefined && state === "Up")
  ) {
    return previous;
  }
  // A new channel, or `previous` with what the event changed (it differs: the test above is
  // `sameChannel`'s, field by field); unchanged nested records keep their identity.
  return {
    uniqueid: previous?.uniqueid ?? value(event.Uniqueid),
    linkedid: sameLinkedid ? previous.linkedid : linkedid,
    name,
    state,
    stateCode,
    callerId: sameCaller ? previous.callerId : { number: callerNumber, name: callerName },
    connectedLine: sameConnected ? previous.connectedLine : { number: connectedNumber, name: connectedName },
    accountCode,
    language,
    context,
    exten,
    priority,
    application,
    applicationData,
    variables,
    onHold: previous?.onHold ?? false,
    bridge: previous?.bridge,
    dials: previous?.dials ?? {},
    createdAt: previous?.createdAt ?? at,
    answeredAt: previous?.answeredAt ?? (state === "Up" ? at : undefined),
  };
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
