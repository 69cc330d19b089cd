/**
 * app_queue events: members (`QueueMemberAdded`/`Removed`/`Status`/`Pause`/`Penalty`/`Ringinuse` carry
 * the whole member), callers (`QueueCallerJoin`/`Leave` with `Position` and `Count`), and the counters
 * app_queue keeps (`QueueCallerAbandon`, `AgentConnect` hold time, `AgentComplete`).
 */
import type { AmiEvent } from "@amikit/client";
import type { LiveQueue, LiveQueueEntry } from "../model/queue.ts";
import type { LiveState } from "../model/state.ts";
import type { ReduceContext } from "./context.ts";
import { integer, text } from "./fields.ts";
import { withCollection, withEntry, withField, withoutField } from "./maps.ts";
import { emptyQueue, entryFrom, memberFrom } from "./queue-fields.ts";

/** How many counted-event keys a queue remembers to count each event once. */
const COUNTED_LIMIT = 64;

/** Applies an app_queue event. */
export function reduceQueue(
  state: LiveState,
  event: AmiEvent,
  at: number,
  context: ReduceContext,
): LiveState {
  const name = text(event, "Queue");
  if (name === "") return state;
  const queue = state.queues.get(name) ?? emptyQueue(name);
  if (context.countQueueStats === false && countKey(event) !== undefined) return state;
  const next = reduceOne(queue, event, at);
  if (next === queue && state.queues.has(name)) return state;
  return withCollection(state, "queues", withEntry(state.queues, name, next));
}

function reduceOne(queue: LiveQueue, event: AmiEvent, at: number): LiveQueue {
  const uniqueid = text(event, "Uniqueid");
  switch (text(event, "Event")) {
    case "QueueMemberAdded":
    case "QueueMemberStatus":
    case "QueueMemberPause":
    case "QueueMemberPenalty":
    case "QueueMemberRinginuse": {
      const key = text(event, "Interface");
      const member = memberFrom(event, queue.members[key]);
      const members = withField(queue.members, key, member);
      return members === queue.members ? queue : { ...queue, members };
    }
    case "QueueMemberRemoved": {
      const members = withoutField(queue.members, text(event, "Interface"));
      return members === queue.members ? queue : { ...queue, members };
    }
    case "QueueCallerJoin":
      return withCalls(join(queue, entryFrom(event, at)), integer(event, "Count"));
    case "QueueCallerLeave":
      return withCalls(leave(queue, uniqueid), integer(event, "Count"));
    case "QueueCallerAbandon":
      return count(queue, countKey(event), (stats) => ({ ...stats, abandoned: stats.abandoned + 1 }));
    case "AgentConnect": {
      const hold = integer(event, "HoldTime");
      // recalc_holdtime() in app_queue.c: an exponential average, (3 × old + new) / 4 in integers.
      return count(queue, countKey(event), (stats) => ({
        ...stats,
        holdTime: (stats.holdTime * 3 + hold) >> 2,
      }));
    }
    case "AgentComplete": {
      // update_queue() in app_queue.c counts the call completed when the agent's call ends and takes its
      // talk time into the average: as is for the queue's first completed call, else (3 × old + new) / 4.
      const talk = integer(event, "TalkTime");
      return count(queue, countKey(event), (stats) => ({
        ...stats,
        completed: stats.completed + 1,
        talkTime: stats.completed === 0 ? talk : (stats.talkTime * 3 + talk) >> 2,
      }));
    }
    default:
      return queue;
  }
}

/** Inserts a caller at its position, moving those at or after it one place back (unless already there). */
function join(queue: LiveQueue, entry: LiveQueueEntry): LiveQueue {
  if (Object.hasOwn(queue.entries, entry.uniqueid)) return queue;
  const entries: Record<string, LiveQueueEntry> = {};
  for (const [key, other] of Object.entries(queue.entries)) {
    entries[key] = other.position >= entry.position ? { ...other, position: other.position + 1 } : other;
  }
  entries[entry.uniqueid] = entry;
  return { ...queue, entries };
}

/** Removes a caller, moving those behind it one place forward (as leave_queue() renumbers). */
function leave(queue: LiveQueue, uniqueid: string): LiveQueue {
  const gone = queue.entries[uniqueid];
  if (gone === undefined) return queue;
  const entries: Record<string, LiveQueueEntry> = {};
  for (const [key, other] of Object.entries(queue.entries)) {
    if (key === uniqueid) continue;
    entries[key] = other.position > gone.position ? { ...other, position: other.position - 1 } : other;
  }
  return { ...queue, entries };
}

function withCalls(queue: LiveQueue, calls: number): LiveQueue {
  return queue.stats.calls === calls ? queue : { ...queue, stats: { ...queue.stats, calls } };
}

/** Applies a counter change once per `key` (an event applied twice is counted once). */
function count(
  queue: LiveQueue,
  key: string | undefined,
  change: (stats: LiveQueue["stats"]) => LiveQueue["stats"],
): LiveQueue {
  if (key === undefined || queue.counted.includes(key)) return queue;
  const counted = [...queue.counted, key].slice(-COUNTED_LIMIT);
  return { ...queue, stats: change(queue.stats), counted };
}

/** The key under which a counting event (`QueueCallerAbandon`, `AgentConnect`, `AgentComplete`) is counted. */
function countKey(event: AmiEvent): string | undefined {
  const uniqueid = text(event, "Uniqueid");
  switch (text(event, "Event")) {
    case "QueueCallerAbandon":
      return `abandon:${uniqueid}`;
    case "AgentConnect":
      return `connect:${uniqueid}`;
    case "AgentComplete":
      return `complete:${uniqueid}`;
    default:
      return undefined;
  }
}
