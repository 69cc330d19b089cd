/**
 * The write path of one client: actions wait here until their connection can take their bytes.
 *
 * - Coalescing: entries pushed during one tick go out in one transport write, in order; their texts are
 *   joined and encoded with one `TextEncoder.encode` (a write per action would cost a promise, a syscall
 *   and a chunk each).
 * - Backpressure: at most ONE write per connection is in flight. The transport's `write()` resolves only
 *   once the runtime has handed the bytes to the operating system (see `AmiSocket.write`), so while the
 *   server stops reading, nothing more is handed to the transport and actions wait here instead.
 * - Bound: the bytes waiting here plus those of the write in flight stay within `maxWriteQueueBytes`; an
 *   action that would pass it fails at once with `AmiWriteQueueFullError` (the client's own actions —
 *   keepalive Ping, Logoff — are small and always admitted, so a stalled server is still detected).
 * - An entry that ended while it waited here (timed out, aborted, abandoned, its connection lost) is
 *   never sent, and its bytes are given back at once.
 */
import type { PendingEntry, PendingTable } from "./correlation.ts";
import { AmiWriteQueueFullError } from "./errors.ts";
import { asError } from "./validate.ts";

/** Something bytes can be written to (a connection). @internal */
export interface Writable {
  /** Resolves once the transport took the bytes (backpressure); rejects if it cannot. */
  write(bytes: Uint8Array): Promise<void>;
}

/**
 * The most bytes one write carries, unless a single action is larger. Bytes handed to the transport
 * cannot be taken back, so this caps what a server that stops reading will still get of actions that
 * end (time out, abort) in the meantime; 64 KiB is still hundreds of actions per write.
 */
const MAX_WRITE_BYTES = 64 * 1024;

/** The entries waiting for one connection, and its write in flight. */
class Lane {
  readonly connection: Writable;
  /** Entries waiting to be written from `head` on; ended ones (text gone) are skipped. */
  entries: PendingEntry[] = [];
  /** The UTF-8 size of each entry's text (counted once, when pushed). */
  sizes: number[] = [];
  head = 0;
  /** UTF-8 bytes of the live entries waiting. */
  waitingBytes = 0;
  /** Bytes of the write in flight (0: none). */
  writingBytes = 0;
  writing = false;
  scheduled = false;
  /** Entries that ended while waiting (their places are dropped once they outnumber the live ones). */
  ended = 0;

  constructor(connection: Writable) {
    this.connection = connection;
  }
}

/** The outbox of one client. @internal */
export class Outbox {
  readonly #table: PendingTable;
  readonly #limit: number;
  /** The lane of the connection written to last; an older connection's lane ends with its write. */
  #lane: Lane | undefined;

  /** `limit`: bytes that may wait to be written (the `maxWriteQueueBytes` option). */
  constructor(table: PendingTable, limit: number) {
    this.#table = table;
    this.#limit = limit;
    table.onUnwritten = (entry, text) => this.#unwritten(entry, text);
  }

  /**
   * Queues `entry` for `connection`; its bytes go out at the end of this tick, or once the connection
   * took the previous write. With `bounded` (user actions), an entry that would pass the bound fails at
   * once with `AmiWriteQueueFullError` instead.
   */
  push(entry: PendingEntry, connection: Writable, bounded: boolean): void {
    const text = entry.text;
    if (text === undefined) return;
    let lane = this.#lane;
    if (lane === undefined || lane.connection !== connection) {
      lane = new Lane(connection);
      this.#lane = lane;
    }
    const size = utf8Length(text);
    const queued = lane.waitingBytes + lane.writingBytes;
    if (bounded && queued + size > this.#limit) {
      this.#table.fail(entry, new AmiWriteQueueFullError(entry.action, this.#limit, queued, size), false);
      return;
    }
    this.#table.send(entry, connection);
    if (lane.ended > 1024 && lane.ended * 2 > lane.entries.length - lane.head) compact(lane);
    lane.entries.push(entry);
    lane.sizes.push(size);
    lane.waitingBytes += size;
    if (!lane.writing && !lane.scheduled) {
      lane.scheduled = true;
      const scheduled = lane;
      queueMicrotask(() => {
        scheduled.scheduled = false;
        this.#write(scheduled);
      });
    }
  }

  /** An entry ended before its text was written: its bytes are free now (its place is compacted later). */
  #unwritten(entry: PendingEntry, text: string): void {
    const lane = this.#lane;
    if (lane === undefined || entry.phase !== "sent" || !this.#table.handedTo(entry, lane.connection)) return;
    lane.waitingBytes -= utf8Length(text);
    lane.ended++;
  }

  /** Hands the next batch of `lane` to its connection, unless a write is in flight. */
  #write(lane: Lane): void {
    if (lane.writing) return;
    const table = this.#table;
    const entries = lane.entries;
    const sizes = lane.sizes;
    const written: PendingEntry[] = [];
    let text = "";
    let size = 0;
    let head = lane.head;
    while (head < entries.length && (size === 0 || size < MAX_WRITE_BYTES)) {
      const entry = entries[head] as PendingEntry;
      head++;
      const entryText = entry.text;
      if (entryText === undefined) continue; // ended while waiting: never sent
      if (entry.draining) {
        // Abandoned before it went out: nothing will answer it.
        table.finish(entry);
        continue;
      }
      const entrySize = sizes[head - 1] as number;
      if (size > 0 && size + entrySize > MAX_WRITE_BYTES) {
        head--;
        break;
      }
      table.written(entry);
      lane.waitingBytes -= entrySize;
      size += entrySize;
      written.push(entry);
      text += entryText;
    }
    if (head >= entries.length) {
      lane.entries = [];
      lane.sizes = [];
      lane.head = 0;
      lane.ended = 0;
      // Guards against drift: nothing waits, so nothing is counted.
      lane.waitingBytes = 0;
    } else {
      lane.head = head;
    }
    if (written.length === 0) return;
    lane.writing = true;
    lane.writingBytes = size;
    lane.connection.write(encoder.encode(text)).then(
      () => {
        lane.writing = false;
        lane.writingBytes = 0;
        if (lane.head < lane.entries.length) this.#write(lane);
      },
      (error: unknown) => {
        // The connection cannot take bytes any more: what was written and what waits both fail. The lane
        // is dropped first, so actions issued from a failure callback start a lane of their own.
        if (this.#lane === lane) this.#lane = undefined;
        const waiting = lane.entries.slice(lane.head);
        lane.entries = [];
        lane.sizes = [];
        lane.head = 0;
        lane.waitingBytes = 0;
        lane.writingBytes = 0;
        const reason = asError(error);
        for (const entry of written) if (table.holds(entry)) table.fail(entry, reason, false);
        for (const entry of waiting) if (table.holds(entry)) table.fail(entry, reason, false);
      },
    );
  }
}

const encoder = new TextEncoder();

/** Drops the places of entries that ended while waiting. */
function compact(lane: Lane): void {
  const entries: PendingEntry[] = [];
  const sizes: number[] = [];
  for (let i = lane.head; i < lane.entries.length; i++) {
    const entry = lane.entries[i] as PendingEntry;
    if (entry.text === undefined) continue;
    entries.push(entry);
    sizes.push(lane.sizes[i] as number);
  }
  lane.entries = entries;
  lane.sizes = sizes;
  lane.head = 0;
  lane.ended = 0;
}

/** UTF-8 length of `text` without encoding it (a lone surrogate counts as U+FFFD, as `encode` writes it). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code < 0xdc00 && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        // A surrogate pair: two code units, four bytes.
        bytes += 2;
        index++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}
