/**
 * Action timeouts with ONE timer, however many actions are in flight: a FIFO of deadlines per timeout
 * value (actions with the same timeout expire in the order they were issued, so each FIFO is sorted),
 * and a single timer armed for the earliest head. Restarting an entry's timeout (lists do with every
 * item) enqueues it again; its older places become stale and are skipped.
 */

import { MAX_TIMER } from "./max-timer.ts";

/** What the queue needs of an entry. @internal */
export interface Deadlined {
  /** When the entry expires (on the queue's clock); -1 once it no longer waits. */
  deadline: number;
  readonly timeout: number;
  /**
   * Its timeout was restarted: its first place in the queue (the entry itself) is stale, its later
   * places are {@link Place}s. Set by the queue.
   */
  restarted: boolean;
}

/**
 * A place of a restarted entry (lists restart their timeout with every item), with the deadline it had
 * then. An entry's first place is the entry itself (its `deadline` is that place's): most entries are
 * never restarted, so they take one array slot and no object of their own.
 */
class Place<T> {
  readonly entry: T;
  readonly deadline: number;

  constructor(entry: T, deadline: number) {
    this.entry = entry;
    this.deadline = deadline;
  }
}

/** One timeout value's FIFO: entries (first places) and {@link Place}s, in the order they were queued. */
class Fifo<T> {
  items: (T | Place<T>)[] = [];
  head = 0;
}

const now = (): number => performance.now();

/** The deadlines of a client's pending actions. @internal */
export class Deadlines<T extends Deadlined> {
  readonly #fifos = new Map<number, Fifo<T>>();
  readonly #expire: (entry: T) => void;
  readonly #live: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #queued = 0;
  /** Bumped by every clear, so that a timer run notices a clear done by an expired entry's handler. */
  #generation = 0;

  /** `expire` is called for each entry whose deadline passed; `live` counts entries still waiting. */
  constructor(expire: (entry: T) => void, live: () => number) {
    this.#expire = expire;
    this.#live = live;
  }

  /** Starts `entry`'s timeout from now: its first place in the queue is the entry itself. */
  start(entry: T): void {
    this.#enqueue(entry.timeout, entry, this.#deadline(entry));
  }

  /** Restarts `entry`'s timeout from now (its earlier places become stale). */
  restart(entry: T): void {
    const deadline = this.#deadline(entry);
    entry.restarted = true;
    this.#enqueue(entry.timeout, new Place(entry, deadline), deadline);
  }

  /** Sets and returns `entry`'s deadline, `entry.timeout` from now. */
  #deadline(entry: T): number {
    // Whole milliseconds (rounded up, never early): small integers are stored unboxed.
    const deadline = Math.ceil(now() + Math.min(entry.timeout, MAX_TIMER));
    entry.deadline = deadline;
    return deadline;
  }

  #enqueue(timeout: number, item: T | Place<T>, deadline: number): void {
    let fifo = this.#fifos.get(timeout);
    if (fifo === undefined) {
      fifo = new Fifo<T>();
      this.#fifos.set(timeout, fifo);
    }
    fifo.items.push(item);
    this.#queued++;
    if (deadline < this.#timerAt) this.#arm(deadline);
    // Entries that ended early leave stale places behind: drop them once they outnumber the live ones.
    if (this.#queued > 2 * this.#live() + 1024) this.#compact();
  }

  /** `entry` no longer waits (answered, failed, aborted). */
  stop(entry: T): void {
    entry.deadline = -1;
    if (this.#live() === 0) this.#clear();
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#fire(), Math.min(Math.max(at - now(), 0), MAX_TIMER));
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    this.#fifos.clear();
    this.#queued = 0;
    this.#generation++;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    const time = now();
    const generation = this.#generation;
    for (const fifo of this.#fifos.values()) {
      while (fifo.head < fifo.items.length && this.#generation === generation) {
        const item = fifo.items[fifo.head] as T | Place<T>;
        const deadline = liveDeadline(item);
        // A live place not yet due: the ones after it are due later still.
        if (deadline !== -1 && deadline > time) break;
        fifo.items[fifo.head] = undefined as unknown as T;
        fifo.head++;
        this.#queued--;
        // A stale place (the entry ended, or was restarted and waits at a later place) is just dropped.
        if (deadline === -1) continue;
        const entry = item instanceof Place ? item.entry : item;
        entry.deadline = -1;
        this.#expire(entry);
      }
      if (fifo.head > 1024 && fifo.head * 2 > fifo.items.length) this.#shift(fifo);
    }
    if (this.#live() === 0) {
      this.#clear();
      return;
    }
    let earliest = Number.POSITIVE_INFINITY;
    for (const [timeout, fifo] of this.#fifos) {
      if (fifo.head === fifo.items.length) {
        this.#fifos.delete(timeout);
        continue;
      }
      // The head is live (the loop above stops only at a live place).
      const head = liveDeadline(fifo.items[fifo.head] as T | Place<T>);
      if (head !== -1 && head < earliest) earliest = head;
    }
    if (earliest !== Number.POSITIVE_INFINITY && earliest < this.#timerAt) this.#arm(earliest);
  }

  /** Drops consumed places at the front of a FIFO. */
  #shift(fifo: Fifo<T>): void {
    fifo.items = fifo.items.slice(fifo.head);
    fifo.head = 0;
  }

  /** Keeps only the places of entries still waiting there. */
  #compact(): void {
    let queued = 0;
    for (const fifo of this.#fifos.values()) {
      const items: (T | Place<T>)[] = [];
      for (let i = fifo.head; i < fifo.items.length; i++) {
        const item = fifo.items[i] as T | Place<T>;
        if (liveDeadline(item) !== -1) items.push(item);
      }
      fifo.items = items;
      fifo.head = 0;
      queued += items.length;
    }
    this.#queued = queued;
  }
}

/** The deadline of a place, or -1 if it is stale (its entry ended, or waits at a later place). */
function liveDeadline<T extends Deadlined>(item: T | Place<T>): number {
  if (item instanceof Place) return item.entry.deadline === item.deadline ? item.deadline : -1;
  return item.restarted ? -1 : item.deadline;
}
