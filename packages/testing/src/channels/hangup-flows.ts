import type { FieldList } from "../fields.ts";
import type { ChannelState } from "./channel.ts";
import { hangup, hangupRequest, newCallerid, softHangupRequest, varSet } from "./channel-events.ts";

/**
 * @internal How the two halves of a Local call hang up, each order as a recording shows it (the halves hang
 * up on two threads, so the recordings differ with what the call was doing):
 * - `two-first`: the dialplan of ;2 hung up (or the Hangup action on ;2) — originate-call.jsonl;
 * - `after-dial`: ;2 had run Dial(), so ;1 gets CHANLOCALSTATUS (core_local.c `local_hangup` copies
 *   DIALSTATUS) and ;2's Hangup comes first — bridge-two-party.jsonl;
 * - `conference`: a channel that was in a ConfBridge — conference.jsonl (its kicked member);
 * - `one-first`: the dialplan of ;1 hung up (a blind-transferred ;1) — blind-transfer.jsonl;
 * - `one-finished`: the application of ;1 (the Originate's) ended — most calls of call-burst.jsonl;
 * - `one-dropped`: the bridge of a bridged ;1 broke up (the other party hung up) — attended-transfer.jsonl;
 * - `cancelled`: a member's call rung by Queue() was cancelled or rung out (`cause` 26 or 0) — queue-call.jsonl.
 *
 * A half with a {@link ChannelState.pendingCallerId} announces it (NewCallerid) where the recordings do.
 */
export type HangupFlow =
  | "two-first"
  | "after-dial"
  | "conference"
  | "one-first"
  | "one-finished"
  | "one-dropped"
  | "cancelled";

/** @internal The NewCallerid of a pending caller ID, applied now; none when nothing is pending. */
export function takePendingCallerId(channel: ChannelState, vars: readonly string[]): FieldList[] {
  const pending = channel.pendingCallerId;
  if (pending === undefined) return [];
  channel.pendingCallerId = undefined;
  channel.callerIdNum = pending.number;
  channel.callerIdName = pending.name;
  return [newCallerid(channel, vars)];
}

/**
 * @internal `event` of `channel`, then — with a pending caller ID — its NewCallerid; that event's snapshot
 * already shows the new caller ID (recorded: the attended-transfer target's Newexten, the transferee's and
 * the retriever's Hangup).
 */
export function announcingPendingCallerId(
  channel: ChannelState,
  vars: readonly string[],
  event: (channel: ChannelState) => FieldList,
): FieldList[] {
  const pending = channel.pendingCallerId;
  if (pending !== undefined) {
    channel.callerIdNum = pending.number;
    channel.callerIdName = pending.name;
  }
  const fields = event(channel);
  return [fields, ...takePendingCallerId(channel, vars)];
}

/** @internal The events of `flow`, `from` being the half that hangs up first. */
export function hangupEvents(
  flow: HangupFlow,
  from: ChannelState,
  partner: ChannelState,
  vars: readonly string[],
  cause: number,
): FieldList[] {
  switch (flow) {
    case "after-dial": {
      const status = from.variables.get("DIALSTATUS") ?? "";
      partner.variables.set("CHANLOCALSTATUS", status);
      return [
        softHangupRequest(from, vars, cause),
        ...takePendingCallerId(partner, vars),
        varSet(partner, vars, "CHANLOCALSTATUS", status),
        hangupRequest(partner, vars, cause),
        hangup(from, vars, cause),
        hangup(partner, vars, cause),
      ];
    }
    case "conference":
      return [
        softHangupRequest(from, vars, cause),
        hangupRequest(partner, vars, cause),
        hangup(from, vars, cause),
        hangup(partner, vars, cause),
      ];
    case "one-first":
      return [
        softHangupRequest(from, vars, cause),
        hangupRequest(partner, vars, cause),
        hangup(from, vars, cause),
        softHangupRequest(partner, vars, cause),
        hangup(partner, vars, cause),
      ];
    case "two-first":
      return [
        softHangupRequest(from, vars, cause),
        hangupRequest(partner, vars, cause),
        hangup(partner, vars, cause),
        hangup(from, vars, cause),
      ];
    case "one-dropped":
      return [
        hangupRequest(partner, vars, cause),
        hangup(from, vars, cause),
        softHangupRequest(partner, vars, cause),
        ...announcingPendingCallerId(partner, vars, (channel) => hangup(channel, vars, cause)),
      ];
    case "cancelled":
      return [
        hangupRequest(partner, vars, cause),
        hangup(from, vars, cause),
        softHangupRequest(partner, vars, 16),
        hangup(partner, vars, cause),
      ];
    case "one-finished":
      return [
        hangupRequest(partner, vars, 0),
        hangup(from, vars, 0),
        softHangupRequest(partner, vars, 16),
        hangup(partner, vars, 0),
      ];
  }
}
