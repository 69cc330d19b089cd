/**
 * Write coalescing: entries marked sent during one tick go out in one transport write, in order. One
 * write for thousands of pipelined actions saves a promise, a syscall and a chunk per action; their
 * texts are joined and encoded with one `TextEncoder.encode`. An entry that ended before the flush
 * (aborted, timed out, abandoned) is not sent at all.
 */
import type { PendingEntry, PendingTable } from "./correlation.ts";
import { asError } from "./validate.ts";

/** Something bytes can be written to (a connection). @internal */
export interface Writable {
  write(bytes: Uint8Array): Promise<void>;
}

/** The outbox of one client. @internal */
export class Outbox {
  readonly #table: PendingTable;
  #entries: PendingEntry[] = [];

  constructor(table: PendingTable) {
    this.#table = table;
  }

  /** Marks `entry` as sent on `connection`; its bytes go out at the end of this tick. */
  push(entry: PendingEntry, connection: Writable): void {
    entry.phase = "sent";
    entry.connection = connection;
    if (this.#entries.length === 0) queueMicrotask(() => this.#flush());
    this.#entries.push(entry);
  }

  #flush(): void {
    const entries = this.#entries;
    this.#entries = [];
    let start = 0;
    while (start < entries.length) {
      const connection = (entries[start] as PendingEntry).connection as Writable;
      let end = start;
      while (end < entries.length && (entries[end] as PendingEntry).connection === connection) end++;
      this.#send(connection, entries.slice(start, end));
      start = end;
    }
  }

  #send(connection: Writable, entries: readonly PendingEntry[]): void {
    const table = this.#table;
    const sent: PendingEntry[] = [];
    let text = "";
    for (const entry of entries) {
      const entryText = entry.text;
      entry.text = undefined;
      if (!table.holds(entry) || entryText === undefined) continue;
      if (entry.draining) {
        // Abandoned before it went out: nothing will answer it.
        table.finish(entry);
        continue;
      }
      sent.push(entry);
      text += entryText;
    }
    if (sent.length === 0) return;
    connection.write(encoder.encode(text)).then(undefined, (error: unknown) => {
      const reason = asError(error);
      for (const entry of sent) if (table.holds(entry)) table.fail(entry, reason, false);
    });
  }
}

const encoder = new TextEncoder();
