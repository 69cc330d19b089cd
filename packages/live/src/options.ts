/** Options of {@link trackPbx}. */
import type { LiveDomain } from "./reducers/domains.ts";

/** How {@link trackPbx} tracks the PBX. */
export interface LiveOptions {
  /**
   * What to track; only these domains' events are used and only their snapshot actions are sent (a
   * wallboard may want `["queues"]`). Default: every domain (`LIVE_DOMAINS`).
   */
  readonly domains?: readonly LiveDomain[];
  /**
   * How long (ms) a call stays in `calls` after its last channel hung up, with `endedAt` set. Default 0:
   * removed at once.
   */
  readonly retainEndedCalls?: number;
  /** The clock (ms since the epoch) for events without a `Timestamp`. Default `Date.now`. */
  readonly now?: () => number;
}
