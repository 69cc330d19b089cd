/** The queues section of `amikit top`: one row per queue, its agents by state, and its waiting callers. */
import {
  AGENT_STATES,
  type AgentState,
  agentStateOf,
  endpointOfChannel,
  endpointOfInterface,
  type LiveQueue,
  type LiveQueueMember,
  type LiveState,
  queueBoardRow,
} from "@amikit/live";
import { formatDuration, formatParty, type TopTable } from "./top-cells.ts";

/** How a state reads in the tables. */
const STATE_LABEL: Readonly<Record<AgentState, string>> = {
  available: "available",
  ringing: "ringing",
  inCall: "in call",
  busy: "busy",
  paused: "paused",
  unavailable: "unavailable",
  unknown: "unknown",
};

/** The endpoints with a channel ringing out of any bridge (`Ringing`: its far end rings), per state. */
const ringingCache = new WeakMap<LiveState, Set<string>>();

function endpointsRinging(state: LiveState): Set<string> {
  let ringing = ringingCache.get(state);
  if (ringing === undefined) {
    ringing = new Set<string>();
    for (const channel of state.channels.values()) {
      if (channel.state === "Ringing" && channel.bridge === undefined)
        ringing.add(endpointOfChannel(channel.name));
    }
    ringingCache.set(state, ringing);
  }
  return ringing;
}

/**
 * Whether a member of `queue` is being rung: a waiting caller is dialling it (a dial begun and not ended:
 * app_queue rings members from the caller's channel — AgentCalled, DialBegin), or a channel of its
 * endpoint is `Ringing` out of any bridge (what a snapshot shows: CoreShowChannels has no dials). Needs
 * the channels domain; without it, never.
 */
function isRung(queue: LiveQueue, member: LiveQueueMember, state: LiveState): boolean {
  const endpoint = endpointOfInterface(member.interface);
  if (endpointsRinging(state).has(endpoint)) return true;
  for (const entry of Object.values(queue.entries)) {
    const caller = state.channels.get(entry.uniqueid);
    for (const dial of Object.values(caller?.dials ?? {})) {
      if (!dial.ended && endpointOfChannel(dial.destinationName) === endpoint) return true;
    }
  }
  return false;
}

/**
 * What a member of `queue` is doing: its board state (`agentStateOf`: paused first, then its device
 * state), except that an agent neither paused nor in a queue call (`InCall`) who is being rung is
 * `ringing` — whatever its device says: a Local member's may stay NOT_INUSE or go INUSE while it rings
 * (both recorded in queue-call.jsonl).
 */
export function topAgentState(queue: LiveQueue, member: LiveQueueMember, state: LiveState): AgentState {
  const board = agentStateOf(member);
  if (board === "paused" || member.inCall) return board;
  return isRung(queue, member, state) ? "ringing" : board;
}

function agentsSummary(queue: LiveQueue, state: LiveState): string {
  const members = Object.values(queue.members);
  const counts = new Map<AgentState, number>();
  for (const member of members) {
    const agentState = topAgentState(queue, member, state);
    counts.set(agentState, (counts.get(agentState) ?? 0) + 1);
  }
  const parts = AGENT_STATES.filter((agentState) => (counts.get(agentState) ?? 0) > 0).map(
    (agentState) => `${counts.get(agentState)} ${STATE_LABEL[agentState]}`,
  );
  return parts.length === 0 ? String(members.length) : `${members.length} (${parts.join(", ")})`;
}

function queuesTable(queues: readonly LiveQueue[], state: LiveState, now: number): TopTable {
  return {
    title: "QUEUES",
    headings: ["QUEUE", "STRATEGY", "WAITING", "LONGEST", "DONE/LOST", "SL", "AGENTS"],
    rows: queues.map((queue) => {
      const row = queueBoardRow(queue, now);
      return [
        queue.name,
        queue.strategy === "" ? "-" : queue.strategy,
        String(row.waiting),
        row.waiting === 0 ? "-" : formatDuration(row.longestWait),
        `${row.serviceLevel.completed}/${row.serviceLevel.abandoned}`,
        `${row.serviceLevel.percent}%`,
        agentsSummary(queue, state),
      ];
    }),
  };
}

function agentsTable(queues: readonly LiveQueue[], state: LiveState): TopTable {
  return {
    title: "AGENTS",
    headings: ["QUEUE", "AGENT", "STATE", "CALLS", "INTERFACE"],
    rows: queues.flatMap((queue) =>
      Object.values(queue.members).map((member) => {
        const agentState = topAgentState(queue, member, state);
        return [
          queue.name,
          member.name === "" ? member.interface : member.name,
          agentState === "paused" && member.pausedReason !== ""
            ? `paused: ${member.pausedReason}`
            : STATE_LABEL[agentState],
          String(member.callsTaken),
          member.interface,
        ];
      }),
    ),
  };
}

function waitingTable(queues: readonly LiveQueue[], now: number): TopTable {
  return {
    title: "WAITING",
    headings: ["QUEUE", "POS", "WAIT", "CALLER", "CHANNEL"],
    rows: queues.flatMap((queue) =>
      Object.values(queue.entries)
        .sort((a, b) => a.position - b.position)
        .map((entry) => [
          queue.name,
          String(entry.position),
          formatDuration(now - entry.joinedAt),
          formatParty(entry.callerId.number, entry.callerId.name),
          entry.channel,
        ]),
    ),
  };
}

/**
 * The queues section: QUEUES (waiting callers and the longest wait, completed/abandoned, service level,
 * agents counted by state), then — when there is a queue — AGENTS (each member's state, `paused: <reason>`,
 * calls taken) and WAITING (each caller by position, with its wait).
 */
export function queueTables(state: LiveState, now: number): TopTable[] {
  const queues = [...state.queues.values()].sort((a, b) => a.name.localeCompare(b.name));
  const tables = [queuesTable(queues, state, now)];
  if (queues.length > 0) tables.push(agentsTable(queues, state), waitingTable(queues, now));
  return tables;
}
