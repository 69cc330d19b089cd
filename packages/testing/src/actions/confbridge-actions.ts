import { type ConferenceState, conferenceEvent } from "../channels/conference.ts";
import type { FieldList } from "../fields.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";

// The ConfBridge actions as apps/app_confbridge.c answers them (messages and checks from its action_*
// functions; item layouts as recorded in conference.jsonl). Privileges: ConfbridgeList and
// ConfbridgeListRooms need `reporting`, the others `call` (its load_module).

const yesNo = (value: boolean) => (value ? "Yes" : "No");

/** The named conference, or undefined once the request has been answered with Asterisk's error. */
function findConference(request: ActionRequest, server: ServerCore): ConferenceState | undefined {
  const name = request.nonEmpty("Conference");
  if (name === undefined) {
    request.error("No Conference name provided.");
    return undefined;
  }
  if (server.channels.conferences().length === 0) {
    request.error("No active conferences.");
    return undefined;
  }
  const conference = server.channels.conference(name);
  if (conference === undefined) request.error("No Conference by that name found.");
  return conference;
}

/** ConfbridgeListRooms: one ConfbridgeListRooms per conference. */
export function confbridgeListRooms(request: ActionRequest, server: ServerCore): void {
  const conferences = server.channels.conferences();
  if (conferences.length === 0) {
    request.error("No active conferences.");
    return;
  }
  request.list(
    conferences.map(
      (conference): FieldList => [
        ["Event", "ConfbridgeListRooms"],
        ["Conference", conference.name],
        ["Parties", String(conference.members.length)],
        ["Marked", "0"],
        ["Locked", yesNo(conference.locked)],
        ["Muted", "No"],
      ],
    ),
    { message: "Confbridge conferences will follow", complete: "ConfbridgeListRoomsComplete" },
  );
}

/** ConfbridgeList: one ConfbridgeList per participant, in join order. */
export function confbridgeList(request: ActionRequest, server: ServerCore): void {
  const conference = findConference(request, server);
  if (conference === undefined) return;
  const now = server.channels.now();
  const vars = server.options.channelvars;
  request.list(
    conference.members.map(
      (member): FieldList => [
        ["Event", "ConfbridgeList"],
        ["Conference", conference.name],
        ["Admin", "No"],
        ["MarkedUser", "No"],
        ["WaitMarked", "No"],
        ["EndMarked", "No"],
        ["EndMarkedAny", "No"],
        ["Waiting", "No"],
        ["Muted", yesNo(member.muted)],
        ["Talking", "No"],
        ["AnsweredTime", String(Math.floor((now - member.joinedAt) / 1000))],
        ...member.channel.snapshot(vars),
      ],
    ),
    { message: "Confbridge user list will follow", complete: "ConfbridgeListComplete" },
  );
}

function muteOrUnmute(request: ActionRequest, server: ServerCore, mute: boolean): void {
  if (request.nonEmpty("Conference") !== undefined && request.nonEmpty("Channel") === undefined) {
    request.error("No channel name provided.");
    return;
  }
  const conference = findConference(request, server);
  if (conference === undefined) return;
  const member = conference.member(request.get("Channel") ?? "");
  if (member === undefined) {
    request.error("No Channel by that name found in Conference.");
    return;
  }
  member.muted = mute;
  request.success(mute ? "User muted" : "User unmuted");
  server.emitFields(
    conferenceEvent(mute ? "ConfbridgeMute" : "ConfbridgeUnmute", conference, {
      channel: member.channel,
      vars: server.options.channelvars,
    }),
  );
}

/** ConfbridgeMute: `User muted`, then a ConfbridgeMute event. */
export function confbridgeMute(request: ActionRequest, server: ServerCore): void {
  muteOrUnmute(request, server, true);
}

/** ConfbridgeUnmute: `User unmuted`, then a ConfbridgeUnmute event. */
export function confbridgeUnmute(request: ActionRequest, server: ServerCore): void {
  muteOrUnmute(request, server, false);
}

function lockOrUnlock(request: ActionRequest, server: ServerCore, lock: boolean): void {
  const conference = findConference(request, server);
  if (conference === undefined) return;
  conference.locked = lock;
  request.success(lock ? "Conference locked" : "Conference unlocked");
}

/** ConfbridgeLock: `Conference locked` (no event). */
export function confbridgeLock(request: ActionRequest, server: ServerCore): void {
  lockOrUnlock(request, server, true);
}

/** ConfbridgeUnlock: `Conference unlocked` (no event). */
export function confbridgeUnlock(request: ActionRequest, server: ServerCore): void {
  lockOrUnlock(request, server, false);
}

/** ConfbridgeKick: `User kicked`, then the participant leaves and its dialplan goes on. */
export function confbridgeKick(request: ActionRequest, server: ServerCore): void {
  const conference = findConference(request, server);
  if (conference === undefined) return;
  const member = conference.member(request.get("Channel") ?? "");
  if (member === undefined) {
    request.error("No Channel by that name found in Conference.");
    return;
  }
  request.success("User kicked");
  member.kick();
}
