/** Building queue members, entries and stats from app_queue's events. */
import type { AmiEvent } from "@amikit/client";
import type { LiveQueue, LiveQueueEntry, LiveQueueMember, LiveQueueStats } from "../model/queue.ts";
import { decimal, flag, integer, text } from "./fields.ts";

/** A member from `QueueMember` (snapshot: `Name`, `Location`) or a `QueueMember*` event (`MemberName`, `Interface`). */
export function memberFrom(event: AmiEvent, previous: LiveQueueMember | undefined): LiveQueueMember {
  const snapshot = text(event, "Event") === "QueueMember";
  const candidate: LiveQueueMember = {
    interface: text(event, snapshot ? "Location" : "Interface"),
    name: text(event, snapshot ? "Name" : "MemberName"),
    stateInterface: text(event, "StateInterface"),
    membership: text(event, "Membership"),
    penalty: integer(event, "Penalty"),
    status: integer(event, "Status"),
    paused: flag(event, "Paused"),
    pausedReason: text(event, "PausedReason"),
    inCall: flag(event, "InCall"),
    callsTaken: integer(event, "CallsTaken"),
    lastCall: integer(event, "LastCall"),
    lastPause: integer(event, "LastPause"),
    loginTime: integer(event, "LoginTime"),
    wrapupTime: integer(event, "Wrapuptime"),
  };
  if (previous === undefined) return candidate;
  for (const key of Object.keys(candidate) as (keyof LiveQueueMember)[]) {
    if (candidate[key] !== previous[key]) return candidate;
  }
  return previous;
}

/** A waiting caller from `QueueCallerJoin` (joined at `at`) or `QueueEntry` (joined `Wait` seconds before `at`). */
export function entryFrom(event: AmiEvent, at: number): LiveQueueEntry {
  const wait = text(event, "Event") === "QueueEntry" ? integer(event, "Wait") * 1000 : 0;
  return {
    uniqueid: text(event, "Uniqueid"),
    channel: text(event, "Channel"),
    position: integer(event, "Position"),
    callerId: { number: text(event, "CallerIDNum"), name: text(event, "CallerIDName") },
    joinedAt: at - wait,
  };
}

/** The statistics of a `QueueParams` list item. */
export function statsFrom(event: AmiEvent): LiveQueueStats {
  return {
    calls: integer(event, "Calls"),
    holdTime: integer(event, "Holdtime"),
    talkTime: integer(event, "TalkTime"),
    completed: integer(event, "Completed"),
    abandoned: integer(event, "Abandoned"),
    serviceLevel: integer(event, "ServiceLevel"),
    serviceLevelPerf: decimal(event, "ServicelevelPerf"),
  };
}

/** A queue first seen in an event (its parameters arrive with the next snapshot). */
export function emptyQueue(name: string): LiveQueue {
  return {
    name,
    strategy: "",
    max: 0,
    weight: 0,
    stats: {
      calls: 0,
      holdTime: 0,
      talkTime: 0,
      completed: 0,
      abandoned: 0,
      serviceLevel: 0,
      serviceLevelPerf: 0,
    },
    members: {},
    entries: {},
    counted: [],
  };
}
