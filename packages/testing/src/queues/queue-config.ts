/**
 * How a queue picks the members to ring: the `strategy` values of `queues.conf` (apps/app_queue.c
 * `strategies[]`).
 */
export type FakeQueueStrategy =
  | "ringall"
  | "leastrecent"
  | "fewestcalls"
  | "random"
  | "rrmemory"
  | "linear"
  | "wrandom"
  | "rrordered";

/** @internal Every strategy name app_queue knows. */
export const QUEUE_STRATEGIES: readonly FakeQueueStrategy[] = [
  "ringall",
  "leastrecent",
  "fewestcalls",
  "random",
  "rrmemory",
  "linear",
  "wrandom",
  "rrordered",
];

/** A static member of a queue (`member => interface,penalty,name,state_interface` in `queues.conf`). */
export interface FakeQueueMemberOptions {
  /** The dial string, e.g. `Local/agent1@agents/n` or `PJSIP/alice` (`Location:` / `Interface:`). */
  readonly interface: string;
  /** Default `0`. */
  readonly penalty?: number;
  /** Default: the interface. */
  readonly name?: string;
  /** The device whose state is the member's `Status:`. Default: the interface. */
  readonly stateInterface?: string;
}

/** One queue of `queues.conf`, as far as the fake models it. */
export interface FakeQueueOptions {
  /** Default `"ringall"`. */
  readonly strategy?: FakeQueueStrategy;
  /** Static members, in configuration order. Default: none. */
  readonly members?: readonly FakeQueueMemberOptions[];
  /** `servicelevel` in seconds. Default `0`. */
  readonly servicelevel?: number;
  /** `maxlen` (`Max:`); 0 = no limit. Default `0`. */
  readonly maxlen?: number;
  /** `weight`. Default `0`. */
  readonly weight?: number;
  /** `ringinuse`: members added by QueueAdd take it (`Ringinuse:`). Default `true`, as app_queue's. */
  readonly ringinuse?: boolean;
  /** Seconds a member is rung before `AgentRingNoAnswer` (queues.conf `timeout`; app_queue's default 15). */
  readonly timeout?: number;
  /** Seconds before the members are rung again after nobody answered (queues.conf `retry`; default 5). */
  readonly retry?: number;
}

/**
 * @internal The queues of the transcripts' server (`asterisk-22-config/queues.conf`), for the tests that
 * play queue-call.jsonl. The fake's default is no queue at all (a server without app_queue configured).
 */
export const TRANSCRIPT_QUEUES: Readonly<Record<string, FakeQueueOptions>> = {
  support: {
    strategy: "ringall",
    ringinuse: false,
    servicelevel: 60,
    timeout: 5,
    retry: 1,
    members: [
      { interface: "Local/agent1@agents/n", name: "Agent One" },
      { interface: "Local/agent2@agents/n", name: "Agent Two" },
    ],
  },
  sales: {
    strategy: "rrmemory",
    ringinuse: false,
    timeout: 4,
    retry: 1,
    members: [{ interface: "Local/agent3@agents/n", name: "Slow Agent" }],
  },
};
