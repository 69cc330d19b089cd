import type { BuiltinAction } from "../server-core.ts";
import { coreShowChannels, getvar, hangupAction, setvar, status } from "./channel-actions.ts";
import { command } from "./command.ts";
import { challenge, login, logoff } from "./login.ts";
import { originate } from "./originate.ts";
import { coreStatus, events, filter, ping, userEvent } from "./session-actions.ts";

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
  status,
  corestatus: coreStatus,
};
