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
}
