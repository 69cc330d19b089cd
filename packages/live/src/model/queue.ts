/** A queue of app_queue, with its members and waiting callers. */

/** A queue member, keyed by its interface (`Interface` in events, `Location` in `QueueMember`). */
export interface LiveQueueMember {
  /** `Interface` / `Location`. */
  readonly interface: string;
  /** `MemberName` / `Name`. */
  readonly name: string;
  /** `StateInterface`. */
  readonly stateInterface: string;
  /** `Membership`: `static`, `dynamic`, `realtime`. */
  readonly membership: string;
  /** `Penalty`. */
  readonly penalty: number;
  /** `Status`: the device state code (0 unknown, 1 not in use, 2 in use, 3 busy, 5 unavailable, 6 ringing…). */
  readonly status: number;
  /** `Paused`. */
  readonly paused: boolean;
  /** `PausedReason`. */
  readonly pausedReason: string;
  /** `InCall`. */
  readonly inCall: boolean;
  /** `CallsTaken`. */
  readonly callsTaken: number;
  /** `LastCall`: epoch seconds of the last call's end (0: none). */
  readonly lastCall: number;
  /** `LastPause`: epoch seconds (0: never). */
  readonly lastPause: number;
  /** `LoginTime`: epoch seconds. */
  readonly loginTime: number;
  /** `Wrapuptime`. */
  readonly wrapupTime: number;
}

/** A caller waiting in a queue, keyed by the channel's `Uniqueid`. */
export interface LiveQueueEntry {
  /** The caller channel's `Uniqueid`. */
  readonly uniqueid: string;
  /** Its `Channel` name. */
  readonly channel: string;
  /** `Position`, 1-based. */
  readonly position: number;
  /** `CallerIDNum` / `CallerIDName`. */
  readonly callerId: { readonly number: string; readonly name: string };
  /** When it joined (ms since the epoch); from a snapshot, now minus its `Wait`. */
  readonly joinedAt: number;
}

/** A queue's parameters and statistics, as `QueueParams` reports them and events keep them. */
export interface LiveQueueStats {
  /** `Calls`: callers waiting. */
  readonly calls: number;
  /** `Holdtime`: app_queue's running average hold time, seconds. */
  readonly holdTime: number;
  /** `TalkTime`: app_queue's running average talk time, seconds. */
  readonly talkTime: number;
  /** `Completed`. */
  readonly completed: number;
  /** `Abandoned`. */
  readonly abandoned: number;
  /** `ServiceLevel`, seconds. */
  readonly serviceLevel: number;
  /** `ServicelevelPerf`, percent, as last reported by a snapshot. */
  readonly serviceLevelPerf: number;
}

/** A queue. Immutable. */
export interface LiveQueue {
  /** `Queue`: the key. */
  readonly name: string;
  /** `Strategy` (from the snapshot; empty if only seen in events). */
  readonly strategy: string;
  /** `Max` (0: unlimited). */
  readonly max: number;
  /** `Weight`. */
  readonly weight: number;
  /** Statistics. */
  readonly stats: LiveQueueStats;
  /** Members by interface. */
  readonly members: Readonly<Record<string, LiveQueueMember>>;
  /** Waiting callers by `Uniqueid`. */
  readonly entries: Readonly<Record<string, LiveQueueEntry>>;
  /**
   * @internal Keys of the events already counted into `completed`/`abandoned`/`holdTime`/`talkTime`
   * (most recent last, bounded), so applying one twice counts it once.
   */
  readonly counted: readonly string[];
}
