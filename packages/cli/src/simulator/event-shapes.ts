import type { SimulatedBridge, SimulatedChannel } from "./channel-model.ts";

/**
 * An AMI packet to emit: header names in wire order, string values. Built the way Asterisk 22 writes
 * them (see `tools/test-support/fixtures/transcripts/asterisk-22/originate-call.jsonl`).
 */
export type EventFields = Record<string, string>;

/**
 * The channel snapshot headers, in Asterisk's order, with an optional prefix (`Dest` for DialBegin's
 * callee): Channel, ChannelState, ChannelStateDesc, CallerIDNum, CallerIDName, ConnectedLineNum,
 * ConnectedLineName, Language, AccountCode, Context, Exten, Priority, Uniqueid, Linkedid.
 */
export function channelSnapshot(channel: SimulatedChannel, prefix = ""): EventFields {
  return {
    [`${prefix}Channel`]: channel.name,
    [`${prefix}ChannelState`]: channel.state.code,
    [`${prefix}ChannelStateDesc`]: channel.state.description,
    [`${prefix}CallerIDNum`]: channel.callerIdNum,
    [`${prefix}CallerIDName`]: channel.callerIdName,
    [`${prefix}ConnectedLineNum`]: channel.connectedLineNum,
    [`${prefix}ConnectedLineName`]: channel.connectedLineName,
    [`${prefix}Language`]: "en",
    [`${prefix}AccountCode`]: "",
    [`${prefix}Context`]: channel.context,
    [`${prefix}Exten`]: channel.exten,
    [`${prefix}Priority`]: channel.priority,
    [`${prefix}Uniqueid`]: channel.uniqueid,
    [`${prefix}Linkedid`]: channel.linkedid,
  };
}

/** The bridge snapshot headers of a basic two-party bridge, in Asterisk's order. */
export function bridgeSnapshot(bridge: SimulatedBridge): EventFields {
  return {
    BridgeUniqueid: bridge.uniqueid,
    BridgeType: "basic",
    BridgeTechnology: "simple_bridge",
    BridgeCreator: "<unknown>",
    BridgeName: "<unknown>",
    BridgeNumChannels: String(bridge.channels.size),
    BridgeVideoSourceMode: "none",
  };
}

/** A channel event: `Event`, `Privilege`, the channel snapshot, then the event's own headers. */
export function channelEvent(
  name: string,
  channel: SimulatedChannel,
  extra: EventFields = {},
  privilege = "call,all",
): EventFields {
  return { Event: name, Privilege: privilege, ...channelSnapshot(channel), ...extra };
}

/** A bridge event about one channel (BridgeEnter, BridgeLeave): bridge snapshot, then channel snapshot. */
export function bridgeChannelEvent(
  name: string,
  bridge: SimulatedBridge,
  channel: SimulatedChannel,
): EventFields {
  return { Event: name, Privilege: "call,all", ...bridgeSnapshot(bridge), ...channelSnapshot(channel) };
}

/** DialBegin / DialEnd: the caller's snapshot, then the callee's with the `Dest` prefix. */
export function dialEvent(
  name: "DialBegin" | "DialEnd",
  caller: SimulatedChannel,
  callee: SimulatedChannel,
  extra: EventFields,
): EventFields {
  return {
    Event: name,
    Privilege: "call,all",
    ...channelSnapshot(caller),
    ...channelSnapshot(callee, "Dest"),
    ...extra,
  };
}

/** DeviceStateChange for an endpoint (`PJSIP/alice` → `INUSE`). */
export function deviceStateEvent(device: string, state: string): EventFields {
  return { Event: "DeviceStateChange", Privilege: "call,all", Device: device, State: state };
}

/** Q.850 hang-up causes the simulator uses, with the text Asterisk prints for each. */
export const HangupCause = {
  normalClearing: { code: "16", text: "Normal Clearing" },
  userBusy: { code: "17", text: "User busy" },
  noAnswer: { code: "19", text: "User alerting, no answer" },
  unallocated: { code: "1", text: "Unallocated (unassigned) number" },
} as const;

/** One of the {@link HangupCause} entries. */
export type HangupCauseEntry = (typeof HangupCause)[keyof typeof HangupCause];
