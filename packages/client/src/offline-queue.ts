/**
 * The offline queue: actions issued while the client is connecting or reconnecting wait here, bounded,
 * with their timeouts running, and go out in order once logged in.
 */
import type { PendingEntry, PendingTable } from "./correlation.ts";
import { AmiConnectionError, AmiQueueFullError } from "./errors.ts";

/** The default bound of the offline queue, and its bound with `offlineQueue: false` for actions that ask to wait. @internal */
export const DEFAULT_OFFLINE_QUEUE = 1000;

/** The actions waiting for a connection. @internal */
export class OfflineQueue {
  readonly #table: PendingTable;
  readonly #limit: number;
  #entries: PendingEntry[] = [];

  /** `limit` 0 means no queue by default: actions fail at once unless they ask to wait. */
  constructor(table: PendingTable, limit: number) {
    this.#table = table;
    this.#limit = limit;
  }

  /**
   * Throws unless there is room for one more (`status` names the client's state for the message).
   * `mode` is the action's `whenDisconnected`, overriding the client's default: `"fail"` throws
   * `AmiConnectionError` at once; `"queue"` waits even with the queue off by default, bounded then by
   * {@link DEFAULT_OFFLINE_QUEUE}.
   */
  checkRoom(action: string, status: string, mode?: "queue" | "fail"): void {
    const configured = this.#limit;
    if (mode === "fail")
      throw new AmiConnectionError(`${action}: not connected (${status}) and whenDisconnected is "fail"`);
    if (mode === undefined && configured === 0)
      throw new AmiConnectionError(`${action}: not connected (${status}) and the offline queue is off`);
    const limit = configured === 0 ? DEFAULT_OFFLINE_QUEUE : configured;
    if (this.#entries.length >= limit) this.#entries = this.#entries.filter((entry) => this.#waiting(entry));
    if (this.#entries.length >= limit) throw new AmiQueueFullError(limit);
  }

  /** Adds an entry (after `checkRoom`). */
  push(entry: PendingEntry): void {
    this.#entries.push(entry);
  }

  /** Empties the queue, handing each entry still waiting to `send`, in order. */
  drain(send: (entry: PendingEntry) => void): void {
    const entries = this.#entries;
    this.#entries = [];
    for (const entry of entries) if (this.#waiting(entry)) send(entry);
  }

  /** Empties the queue, failing each entry still waiting. */
  failAll(error: (entry: PendingEntry) => Error): void {
    this.drain((entry) => this.#table.fail(entry, error(entry), false));
  }

  /** Still queued: not ended (timeout, abort) meanwhile. */
  #waiting(entry: PendingEntry): boolean {
    return entry.phase === "queued" && this.#table.holds(entry);
  }
}
