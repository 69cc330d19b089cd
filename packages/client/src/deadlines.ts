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
}

/** One timeout value's FIFO: entries and the deadline each had when enqueued. */
class Fifo<T> {
  items: T[] = [];
  deadlines: number[] = [];
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

  /** (Re)starts `entry`'s timeout from now. */
  start(entry: T): void {
    // Whole milliseconds (rounded up, never early): small integers are stored unboxed.
    const deadline = Math.ceil(now() + Math.min(entry.timeout, MAX_TIMER));
    entry.deadline = deadline;
    let fifo = this.#fifos.get(entry.timeout);
    if (fifo === undefined) {
      fifo = new Fifo<T>();
      this.#fifos.set(entry.timeout, fifo);
    }
    fifo.items.push(entry);
    fifo.deadlines.push(deadline);
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
        const deadline = fifo.deadlines[fifo.head] as number;
        if (deadline > time) break;
        const entry = fifo.items[fifo.head] as T;
        fifo.items[fifo.head] = undefined as unknown as T;
        fifo.head++;
        this.#queued--;
        // A stale place: the entry ended, or was restarted and waits at a later place.
        if (entry.deadline === deadline) {
          entry.deadline = -1;
          this.#expire(entry);
        }
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
      const head = fifo.deadlines[fifo.head] as number;
      if (head < earliest) earliest = head;
    }
    if (earliest !== Number.POSITIVE_INFINITY && earliest < this.#timerAt) this.#arm(earliest);
  }

  /** Drops consumed places at the front of a FIFO. */
  #shift(fifo: Fifo<T>): void {
    fifo.items = fifo.items.slice(fifo.head);
    fifo.deadlines = fifo.deadlines.slice(fifo.head);
    fifo.head = 0;
  }

  /** Keeps only the places of entries still waiting there. */
  #compact(): void {
    let queued = 0;
    for (const fifo of this.#fifos.values()) {
      const items: T[] = [];
      const deadlines: number[] = [];
      for (let i = fifo.head; i < fifo.items.length; i++) {
        const entry = fifo.items[i] as T;
        const deadline = fifo.deadlines[i] as number;
        if (entry.deadline !== deadline) continue;
        items.push(entry);
        deadlines.push(deadline);
      }
      fifo.items = items;
      fifo.deadlines = deadlines;
      fifo.head = 0;
      queued += items.length;
    }
    this.#queued = queued;
  }
}
