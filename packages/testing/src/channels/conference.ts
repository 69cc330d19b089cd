import type { FieldList } from "../fields.ts";
import type { ServerCore } from "../server-core.ts";
import { BridgeState } from "./bridge.ts";
import { bridgeCreate, bridgeDestroy, bridgeMember } from "./bridge-events.ts";
import type { ChannelState } from "./channel.ts";
import { deviceStateChange, varSet } from "./channel-events.ts";

/** @internal One participant of a conference. */
export interface ConferenceMember {
  readonly channel: ChannelState;
  /**
   * Since when ConfbridgeList's AnsweredTime counts (app_confbridge.c: the channel's up time), in the
   * channel registry's simulated ms: its Answer, else its join.
   */
  readonly joinedAt: number;
  muted: boolean;
  /** Ends the member's ConfBridge() (kicked); the dialplan goes on. */
  readonly kick: () => void;
}

/**
 * @internal A ConfBridge conference: a `base`/`softmix` bridge created by `ConfBridge`, named after the
 * room, with an announcer channel (`CBAnn/<room>-<n>;2`) that AMI never shows but BridgeNumChannels counts.
 */
export class ConferenceState {
  readonly name: string;
  readonly bridge: BridgeState;
  readonly announcer: string;
  readonly members: ConferenceMember[] = [];
  locked = false;

  constructor(name: string, uniqueid: string, announcer: string) {
    this.name = name;
    this.announcer = announcer;
    this.bridge = new BridgeState(uniqueid, {
      type: "base",
      technology: "softmix",
      creator: "ConfBridge",
      name,
    });
  }

  member(channelName: string): ConferenceMember | undefined {
    return this.members.find((member) => member.channel.name === channelName);
  }
}

/** @internal What `ConfBridge()` needs from the call whose channel runs it. */
export interface ConferenceHost {
  readonly server: ServerCore;
  readonly vars: readonly string[];
  /** Resolves when the call ends. */
  readonly ended: Promise<void>;
  /** While joined: what must happen first when the channel hangs up (leaving the conference). */
  setLeaveHook(hook: (() => void) | undefined): void;
}

/** @internal A conference event: Conference, the bridge snapshot, then (for a member) channel and flags. */
export function conferenceEvent(
  event: string,
  conference: ConferenceState,
  member?: { channel: ChannelState; vars: readonly string[]; muted?: boolean },
  channelCount?: number,
): FieldList {
  const fields: FieldList = [
    ["Event", event],
    ["Privilege", "call,all"],
    ["Conference", conference.name],
    ...conference.bridge.snapshot(channelCount),
  ];
  if (member !== undefined) {
    fields.push(...member.channel.snapshot(member.vars), ["Admin", "No"]);
    if (member.muted !== undefined) fields.push(["Muted", member.muted ? "Yes" : "No"]);
  }
  return fields;
}

/**
 * @internal `ConfBridge(room)`: joins (creating the conference for its first member) and stays until kicked
 * (the dialplan then goes on) or hung up. Events as in conference.jsonl; see FACTS.md for the orders that
 * vary between recordings (threads) and the one the fake keeps.
 */
export async function joinConference(
  host: ConferenceHost,
  channel: ChannelState,
  data: string,
): Promise<void> {
  const { server, vars } = host;
  const registry = server.channels;
  const emit = (fields: FieldList) => server.emitFields(fields);
  const setVar = (target: ChannelState, name: string, value: string) => {
    target.variables.set(name, value);
    emit(varSet(target, vars, name, value));
  };
  const room = data.split(",")[0]?.trim() || "default";
  let conference = registry.conference(room);
  const first = conference === undefined;
  if (conference === undefined) {
    conference = new ConferenceState(
      room,
      globalThis.crypto.randomUUID(),
      `${registry.nextLocalStem(`CBAnn/${room}`)};2`,
    );
    registry.addConference(conference);
    registry.addBridge(conference.bridge);
    emit(bridgeCreate(conference.bridge));
    emit(deviceStateChange(`confbridge:${room}`, "INUSE"));
    // The announcer joins first; AMI never shows it, but BridgeNumChannels counts it.
    conference.bridge.hiddenChannels = 1;
  }
  const current = conference;
  const bridge = current.bridge;
  let kicked!: () => void;
  const kickedPromise = new Promise<void>((resolve) => {
    kicked = resolve;
  });
  const member: ConferenceMember = {
    channel,
    joinedAt: channel.answeredAt ?? server.channels.now(),
    muted: false,
    kick: () => leave("KICKED"),
  };
  current.members.push(member);
  bridge.members.push(channel);
  channel.bridgeId = bridge.uniqueid;
  emit(bridgeMember("BridgeEnter", bridge, channel, vars));
  setPeers(current, current.members, setVar);
  if (first) emit(conferenceEvent("ConfbridgeStart", current, undefined, bridge.channelCount - 1));
  emit(conferenceEvent("ConfbridgeJoin", current, { channel, vars, muted: false }));

  let left = false;
  function leave(result: "KICKED" | "HANGUP"): void {
    if (left) return;
    left = true;
    host.setLeaveHook(undefined);
    emit(conferenceEvent("ConfbridgeLeave", current, { channel, vars }));
    if (result === "KICKED") setVar(channel, "CONFBRIDGE_RESULT", result);
    setVar(channel, "BRIDGEPEER", "");
    current.members.splice(current.members.indexOf(member), 1);
    bridge.members.splice(bridge.members.indexOf(channel), 1);
    channel.bridgeId = "";
    emit(bridgeMember("BridgeLeave", bridge, channel, vars));
    const last = current.members.length === 0;
    if (last) emit(conferenceEvent("ConfbridgeEnd", current));
    else setPeers(current, current.members, setVar);
    if (result === "HANGUP") setVar(channel, "CONFBRIDGE_RESULT", result);
    if (last) {
      registry.removeConference(current);
      emit(deviceStateChange(`confbridge:${room}`, "NOT_INUSE"));
      emit(deviceStateChange(`CBAnn/${room}`, "INUSE"));
      bridge.hiddenChannels = 0;
      registry.removeBridge(bridge);
      emit(bridgeDestroy(bridge));
      // The announcer channel goes away after the member's own hang-up events (recorded ~8 ms later).
      setTimeout(() => emit(deviceStateChange(`CBAnn/${room}`, "UNKNOWN")), 0);
    }
    kicked();
  }
  host.setLeaveHook(() => leave("HANGUP"));
  await Promise.race([kickedPromise, host.ended]);
}

/** BRIDGEPEER of each of `members`, in order: the announcer, then every other member in join order. */
function setPeers(
  conference: ConferenceState,
  members: readonly ConferenceMember[],
  setVar: (target: ChannelState, name: string, value: string) => void,
): void {
  for (const member of members) {
    const others = conference.members.filter((other) => other !== member).map((other) => other.channel.name);
    setVar(member.channel, "BRIDGEPEER", [conference.announcer, ...others].join(","));
  }
}
