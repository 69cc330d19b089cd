import {
  deviceStateList,
  extensionState,
  extensionStateList,
  presenceState,
  presenceStateList,
} from "../device-states/device-state-actions.ts";
import {
  queueAdd,
  queuePause,
  queuePenalty,
  queueRemove,
  queueStatus,
  queueSummary,
} from "../queues/queue-actions.ts";
import type { BuiltinAction } from "../server-core.ts";
import { atxfer } from "./attended-transfer-action.ts";
import { bridgeInfo, bridgeList } from "./bridge-actions.ts";
import { coreShowChannels, getvar, hangupAction, setvar, status } from "./channel-actions.ts";
import { command } from "./command.ts";
import {
  confbridgeKick,
  confbridgeList,
  confbridgeListRooms,
  confbridgeLock,
  confbridgeMute,
  confbridgeUnlock,
  confbridgeUnmute,
} from "./confbridge-actions.ts";
import { playDtmf } from "./dtmf.ts";
import { challenge, login, logoff } from "./login.ts";
import { originate } from "./originate.ts";
import { coreStatus, events, filter, listCommands, ping, userEvent } from "./session-actions.ts";
import { blindTransfer } from "./transfer.ts";

/** @internal The actions the fake answers by itself, by lowercase name. */
export const BUILTIN_ACTIONS: Readonly<Record<string, BuiltinAction>> = {
  login,
  challenge,
  logoff: (request) => logoff(request),
  ping: (request) => ping(request),
  events: (request) => events(request),
  filter: (request) => filter(request),
  userevent: userEvent,
  command,
  originate,
  getvar,
  setvar,
  hangup: hangupAction,
  coreshowchannels: coreShowChannels,
  bridgelist: bridgeList,
  bridgeinfo: bridgeInfo,
  playdtmf: playDtmf,
  blindtransfer: blindTransfer,
  atxfer,
  confbridgelist: confbridgeList,
  confbridgelistrooms: confbridgeListRooms,
  confbridgemute: confbridgeMute,
  confbridgeunmute: confbridgeUnmute,
  confbridgekick: confbridgeKick,
  confbridgelock: confbridgeLock,
  confbridgeunlock: confbridgeUnlock,
  queuestatus: queueStatus,
  queuesummary: queueSummary,
  queueadd: queueAdd,
  queueremove: queueRemove,
  queuepause: queuePause,
  queuepenalty: queuePenalty,
  status,
  devicestatelist: deviceStateList,
  extensionstatelist: extensionStateList,
  presencestatelist: presenceStateList,
  extensionstate: extensionState,
  presencestate: presenceState,
  corestatus: coreStatus,
  listcommands: listCommands,
};

/** @internal Each built-in action's name as Asterisk spells it, and its synopsis (for ListCommands). */
export const BUILTIN_SYNOPSES: Readonly<Record<string, readonly [name: string, synopsis: string]>> = {
  atxfer: ["Atxfer", "Attended transfer."],
  blindtransfer: ["BlindTransfer", "Blind transfer channel(s) to the given destination"],
  bridgeinfo: ["BridgeInfo", "Get information about a bridge."],
  bridgelist: ["BridgeList", "Get a list of bridges in the system."],
  challenge: ["Challenge", "Generate Challenge for MD5 Auth."],
  command: ["Command", "Execute Asterisk CLI Command."],
  confbridgekick: ["ConfbridgeKick", "Kick a Confbridge user."],
  confbridgelist: ["ConfbridgeList", "List participants in a conference."],
  confbridgelistrooms: ["ConfbridgeListRooms", "List active conferences."],
  confbridgelock: ["ConfbridgeLock", "Lock a Confbridge conference."],
  confbridgemute: ["ConfbridgeMute", "Mute a Confbridge user."],
  confbridgeunlock: ["ConfbridgeUnlock", "Unlock a Confbridge conference."],
  confbridgeunmute: ["ConfbridgeUnmute", "Unmute a Confbridge user."],
  coreshowchannels: ["CoreShowChannels", "List currently active channels."],
  corestatus: ["CoreStatus", "Show PBX core status variables."],
  devicestatelist: ["DeviceStateList", "List the current known device states."],
  events: ["Events", "Control Event Flow."],
  extensionstate: ["ExtensionState", "Check Extension Status."],
  extensionstatelist: ["ExtensionStateList", "List the current known extension states."],
  filter: ["Filter", "Dynamically add filters for the current manager session."],
  getvar: ["Getvar", "Gets a channel variable or function value."],
  hangup: ["Hangup", "Hangup channel."],
  listcommands: ["ListCommands", "List available manager commands."],
  login: ["Login", "Login Manager."],
  logoff: ["Logoff", "Logoff Manager."],
  originate: ["Originate", "Originate a call."],
  playdtmf: ["PlayDTMF", "Play DTMF signal on a specific channel."],
  presencestate: ["PresenceState", "Check Presence State"],
  presencestatelist: ["PresenceStateList", "List the current known presence states."],
  ping: ["Ping", "Keepalive command."],
  queueadd: ["QueueAdd", "Add interface to queue."],
  queuepause: ["QueuePause", "Makes a queue member temporarily unavailable."],
  queuepenalty: ["QueuePenalty", "Set the penalty for a queue member."],
  queueremove: ["QueueRemove", "Remove interface from queue."],
  queuestatus: ["QueueStatus", "Show queue status."],
  queuesummary: ["QueueSummary", "Show queue summary."],
  setvar: ["Setvar", "Sets a channel variable or function value."],
  status: ["Status", "List channel status."],
  userevent: ["UserEvent", "Send an arbitrary event."],
};
