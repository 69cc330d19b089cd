/** What every reducer gets besides the state and the event. */

/** Options of {@link reduce} that do not come from the event. */
export interface ReduceContext {
  /** The client's clock (ms since the epoch), used when the event carries no `Timestamp`. */
  readonly now: number;
  /**
   * Keep a call whose last channel hung up (with `endedAt` set) instead of removing it; the owner prunes
   * it later. Default `false`.
   */
  readonly keepEndedCalls?: boolean;
  /**
   * Count `QueueCallerAbandon`, `AgentConnect` and `AgentComplete` into the queue statistics. Default
   * `true`; the sync turns it off for buffered events that reached the client before a `QueueStatus`
   * answer, whose `QueueParams` already counted them.
   */
  readonly countQueueStats?: boolean;
}
