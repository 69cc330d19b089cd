/**
 * The event side of the client: one hot stream (`events$`) that every subscriber shares, and bounded
 * readers (`events()`) for consumers that process events asynchronously and may fall behind.
 *
 * `events$` delivers synchronously; a subscriber that blocks holds up the reading of the socket, which
 * is ordinary TCP backpressure, so nothing piles up in the client. A consumer that awaits per event
 * (a database write, an HTTP call) should read through `events()`, or use `boundedConcatMap` in an
 * RxJS pipeline (an asynchronous operator such as `concatMap` buffers without limit): each has a bound
 * and an explicit overflow policy, so memory never grows without limit and loss is never silent.
 */
import type { AmiPacket } from "@amikit/codec";
import { type Observable, Subject } from "rxjs";
import { AmiEventOverflowError, AmiValidationError } from "./errors.ts";
import { Fanout } from "./fanout.ts";
import type { AmiEvent, AmiEventReader, AmiLagged } from "./types.ts";

/** The bounded-reader options with defaults applied. @internal */
export interface ReaderSettings {
  readonly size: number;
  readonly overflow: "error" | "drop-oldest";
  readonly names: readonly string[] | undefined;
  readonly signal: AbortSignal | undefined;
}

/** Fans events out to `events$` and the bounded readers. @internal */
export class EventHub {
  readonly #subject = new Fanout<AmiEvent>();
  readonly #lagged = new Subject<AmiLagged>();
  readonly #readers = new Set<BoundedReader>();
  /** Lower-cased event names, by the name as sent (see `#lowerName`). */
  readonly #lower = new Map<string, string>();
  #ended = false;

  /** Every event, hot and shared. */
  readonly events$: Observable<AmiEvent> = this.#subject.observable;
  /** Overflow reports from `drop-oldest` readers. */
  readonly lagged$: Observable<AmiLagged> = this.#lagged.asObservable();

  /** Whether anybody listens (so events need not even be converted to objects). */
  get observed(): boolean {
    return this.#subject.observed || this.#readers.size > 0;
  }

  /** Publishes one event packet. */
  publish(packet: AmiPacket): void {
    if (!this.observed) return;
    const event = packet.toObject() as AmiEvent;
    if (this.#readers.size > 0) for (const reader of this.#readers) reader.offer(event, packet.name);
    this.#subject.next(event, this.#subject.keyed ? this.#lowerName(event.Event) : undefined);
  }

  /**
   * The events whose `Event` header is one of `names` (case-insensitive): `events$.pipe(ofEvent(…))`,
   * delivered by the fan-out itself (one set lookup per subscriber and event, no operator chain).
   */
  on(names: readonly string[]): Observable<AmiEvent> {
    return this.#subject.keyedObservable(new Set(names.map((name) => name.toLowerCase())));
  }

  /**
   * The lower-cased `Event` header (`undefined` unless it is one string, as `ofEvent` requires), from a
   * small cache keyed by the name as sent: a stream repeats a few dozen names.
   */
  #lowerName(name: unknown): string | undefined {
    if (typeof name !== "string") return undefined;
    const lower = this.#lower;
    let found = lower.get(name);
    if (found === undefined) {
      found = name.toLowerCase();
      if (lower.size >= MAX_NAMES) lower.clear();
      lower.set(name, found);
    }
    return found;
  }

  /** A new bounded reader. After `end()` it is already finished. */
  reader(settings: ReaderSettings): AmiEventReader {
    const reader = new BoundedReader(settings, this.#lagged, (r) => this.#readers.delete(r));
    if (this.#ended) reader.end();
    else this.#readers.add(reader);
    return reader;
  }

  /** Completes `events$`, `lagged$` and every reader (the client was closed for good). */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const reader of [...this.#readers]) reader.end();
    this.#subject.complete();
    this.#lagged.complete();
  }
}

/** Event names whose lower-cased form the hub remembers (a server sending endless names cannot grow it). */
const MAX_NAMES = 512;

type Waiter = { resolve(result: IteratorResult<AmiEvent>): void; reject(error: unknown): void };

/** A bounded FIFO of events with an overflow policy, read as an async iterator. @internal */
class BoundedReader implements AmiEventReader {
  readonly #settings: ReaderSettings;
  readonly #lagged: Subject<AmiLagged>;
  readonly #detach: (reader: BoundedReader) => void;
  readonly #names: Set<string> | undefined;
  #buffer: (AmiEvent | undefined)[] = [];
  #head = 0;
  #waiter: Waiter | undefined;
  #done = false;
  #error: Error | undefined;
  #dropped = 0;
  #onAbort: (() => void) | undefined;

  constructor(settings: ReaderSettings, lagged: Subject<AmiLagged>, detach: (reader: BoundedReader) => void) {
    this.#settings = settings;
    this.#lagged = lagged;
    this.#detach = detach;
    this.#names =
      settings.names === undefined ? undefined : new Set(settings.names.map((n) => n.toLowerCase()));
    const { signal } = settings;
    if (signal !== undefined) {
      if (signal.aborted) this.end();
      else {
        this.#onAbort = () => this.end();
        signal.addEventListener("abort", this.#onAbort, { once: true });
      }
    }
  }

  get buffered(): number {
    return this.#buffer.length - this.#head;
  }

  get dropped(): number {
    return this.#dropped;
  }

  /** Offers an event; applies the overflow policy when the buffer is full. */
  offer(event: AmiEvent, name: string): void {
    if (this.#done || this.#error !== undefined) return;
    if (this.#names !== undefined && !this.#names.has(name.toLowerCase())) return;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve({ value: event, done: false });
      return;
    }
    if (this.buffered >= this.#settings.size) {
      if (this.#settings.overflow === "error") {
        // Stop receiving at once; the reader yields what it holds, then throws.
        this.#error = new AmiEventOverflowError(this.#settings.size);
        this.#stopListening();
        return;
      }
      this.#buffer[this.#head] = undefined;
      this.#head += 1;
      this.#compact();
      this.#dropped += 1;
      this.#lagged.next({ dropped: 1, total: this.#dropped });
    }
    this.#buffer.push(event);
  }

  next(): Promise<IteratorResult<AmiEvent>> {
    if (this.buffered > 0) {
      const value = this.#buffer[this.#head] as AmiEvent;
      this.#buffer[this.#head] = undefined;
      this.#head += 1;
      this.#compact();
      return Promise.resolve({ value, done: false });
    }
    if (this.#error !== undefined) {
      const error = this.#error;
      this.#done = true;
      this.#error = undefined;
      return Promise.reject(error);
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    if (this.#waiter !== undefined)
      return Promise.reject(
        new AmiValidationError("events(): next() called while another next() is pending"),
      );
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<AmiEvent>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AmiEventReader {
    return this;
  }

  close(): void {
    this.#buffer = [];
    this.#head = 0;
    this.#error = undefined;
    this.end();
  }

  /** No more events: iteration ends once the buffer is drained. */
  end(): void {
    if (this.#done) return;
    this.#done = true;
    this.#stopListening();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve({ value: undefined, done: true });
  }

  #stopListening(): void {
    this.#detach(this);
    if (this.#onAbort !== undefined) this.#settings.signal?.removeEventListener("abort", this.#onAbort);
    this.#onAbort = undefined;
  }

  #compact(): void {
    if (this.#head === this.#buffer.length) {
      this.#buffer.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head);
      this.#head = 0;
    }
  }
}
