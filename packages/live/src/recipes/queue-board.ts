/** `queueBoard$`: a wallboard's rows, one per queue, from the live queues (no polling). */
import { map, type Observable } from "rxjs";
import type { LivePbx } from "../live.ts";
import type { LiveQueue, LiveQueueMember } from "../model/queue.ts";

/**
 * What an agent is doing, from app_queue's member `Status` (a device state) and `Paused`: `paused` wins;
 * then 1 `available`, 6 `ringing`, 2/7/8 `inCall` (in use, ringing while in use, on hold), 3 `busy`,
 * 4/5 `unavailable` (invalid, unavailable), anything else (0) `unknown`.
 */
export type AgentState = "available" | "ringing" | "inCall" | "busy" | "unavailable" | "paused" | "unknown";

/** Every {@link AgentState}, in the order a board shows them. */
export const AGENT_STATES: readonly AgentState[] = [
  "available",
  "ringing",
  "inCall",
  "busy",
  "paused",
  "unavailable",
  "unknown",
];

/** One agent (queue member) on the board. */
export interface QueueBoardAgent {
  /** The member's `Interface`. */
  readonly interface: string;
  /** `MemberName`. */
  readonly name: string;
  /** What the agent is doing. */
  readonly state: AgentState;
  /** `PausedReason` while paused (`""` when none was given or not paused). */
  readonly pausedReason: string;
  /** `CallsTaken`. */
  readonly callsTaken: number;
}

/** One queue's row. */
export interface QueueBoardRow {
  /** The queue's name. */
  readonly queue: string;
  /** Callers waiting now. */
  readonly waiting: number;
  /** When the caller waiting longest joined (ms since the epoch), `undefined` when none waits. */
  readonly longestWaitingSince: number | undefined;
  /** How long (ms) that caller had waited when this row was made (0 when none waits). */
  readonly longestWait: number;
  /** The agents, by interface order. */
  readonly agents: readonly QueueBoardAgent[];
  /** How many agents are in each state. */
  readonly agentsByState: Readonly<Record<AgentState, number>>;
  /**
   * The service level: `seconds` is the queue's `ServiceLevel` target, `percent` its `ServicelevelPerf`
   * as app_queue reported it at the last sync (app_queue sends no event when it changes), `completed`
   * and `abandoned` the counters kept up to date from events.
   */
  readonly serviceLevel: {
    readonly seconds: number;
    readonly percent: number;
    readonly completed: number;
    readonly abandoned: number;
  };
}

/** Options of {@link queueBoard$}. */
export interface QueueBoardOptions {
  /** The clock for `longestWait` (ms since the epoch). Default `Date.now`. */
  readonly now?: () => number;
}

const STATE_BY_STATUS: Readonly<Record<number, AgentState>> = {
  1: "available",
  2: "inCall",
  3: "busy",
  4: "unavailable",
  5: "unavailable",
  6: "ringing",
  7: "inCall",
  8: "inCall",
};

/** The state of `member` on a board. */
export function agentStateOf(member: LiveQueueMember): AgentState {
  if (member.paused) return "paused";
  return STATE_BY_STATUS[member.status] ?? "unknown";
}

/** The board row of `queue` at `now`. */
export function queueBoardRow(queue: LiveQueue, now: number): QueueBoardRow {
  const agents = Object.values(queue.members).map(
    (member): QueueBoardAgent => ({
      interface: member.interface,
      name: member.name,
      state: agentStateOf(member),
      pausedReason: member.paused ? member.pausedReason : "",
      callsTaken: member.callsTaken,
    }),
  );
  const agentsByState = Object.fromEntries(AGENT_STATES.map((state) => [state, 0])) as Record<
    AgentState,
    number
  >;
  for (const agent of agents) agentsByState[agent.state] += 1;
  const joined = Object.values(queue.entries).map((entry) => entry.joinedAt);
  const longestWaitingSince = joined.length === 0 ? undefined : Math.min(...joined);
  return {
    queue: queue.name,
    waiting: joined.length,
    longestWaitingSince,
    longestWait: longestWaitingSince === undefined ? 0 : Math.max(0, now - longestWaitingSince),
    agents,
    agentsByState,
    serviceLevel: {
      seconds: queue.stats.serviceLevel,
      percent: queue.stats.serviceLevelPerf,
      completed: queue.stats.completed,
      abandoned: queue.stats.abandoned,
    },
  };
}

/**
 * A queue wallboard: for each queue, callers waiting and the longest wait, agents by state (with the
 * pause reason) and the service level — one map of rows per change of the queues. It sends nothing: after
 * the live state's first sync every change comes from app_queue's events. Track only
 * `domains: ["queues"]` for a board that needs nothing else.
 *
 * @example
 * ```ts
 * import { connect, queueBoard$, trackPbx } from "@amikit/node";
 *
 * const ami = await connect({ host: "127.0.0.1", username: "admin", secret: "amipass" });
 * queueBoard$(trackPbx(ami, { domains: ["queues"] })).subscribe((rows) => {
 *   for (const row of rows.values())
 *     console.log(`${row.queue}: ${row.waiting} waiting, ${row.agentsByState.available} available`);
 * });
 * ```
 */
export function queueBoard$(
  pbx: Pick<LivePbx, "queues$">,
  options: QueueBoardOptions = {},
): Observable<ReadonlyMap<string, QueueBoardRow>> {
  const now = options.now ?? Date.now;
  return pbx.queues$.pipe(
    map((queues) => {
      const at = now();
      return new Map([...queues].map(([name, queue]) => [name, queueBoardRow(queue, at)]));
    }),
  );
}
