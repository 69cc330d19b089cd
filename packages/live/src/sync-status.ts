/** Where the sync of a live state stands. */

/**
 * - `waiting`: not connected (before the first connection, or while reconnecting);
 * - `syncing`: connected, snapshot under way, events buffered;
 * - `synced`: the state follows the events;
 * - `failed`: the snapshot was refused (`error`, e.g. `LivePermissionError`); retried on the next connection;
 * - `closed`: the client closed or `close()` was called.
 */
export type LiveSyncState = "waiting" | "syncing" | "synced" | "failed" | "closed";

/** The sync status, as `status$` emits it. */
export interface LiveSyncStatus {
  /** The state of the sync. */
  readonly state: LiveSyncState;
  /** Completed syncs so far (1 after the first, +1 after every reconnect). */
  readonly syncs: number;
  /** Why it `failed`. */
  readonly error?: Error;
}
