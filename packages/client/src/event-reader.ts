/**
 * Bounded event readers: the `for await` side of events, for consumers that await per event and may
 * fall behind. `BoundedReader` is the reader itself (the client's `events()` hands them out through
 * its event hub); {@link createEventReaders} gives the same readers over any `Observable` of events,
 * for a library that wraps AMI events its own way (a relay's remote client, a replay) and wants
 * `events()` and `lagged$` with the client's exact semantics.
 */
import type { Observable, Subscription } from "rxjs";
import { AmiEventOverflowError, AmiValidationError } from "./errors.ts";
import { catchError, endWith, ignoreElements, of, Subject, takeUntil } from "./rx.ts";
import type { AmiEvent, AmiEventReader, AmiEventReaderOptions, AmiLagged } from "./types.ts";

/** The bounded-reader options with defaults applied. @internal */
export interface ReaderSettings {
  readonly size: number;
  readonly overflow: "error" | "drop-oldest";
  readonly names: readonly string[] | undefined;
  readonly signal: AbortSignal | undefined;
}

/** The defaults of the readers {@link createEventReaders} opens: the client's `eventBuffer` option. */
export interface AmiEventReaderDefaults {
  /** Maximum events buffered per reader when `events()` names no `size`. Default 10 000. */
  readonly size?: number;
  /** The overflow policy when `events()` names none. Default `"error"`. */
  readonly overflow?: "error" | "drop-oldest";
}

/** What {@link createEventReaders} returns: the `events()` and `lagged$` members of `AmiClient`. */
export interface AmiEventReaders {
  /**
   * A new bounded reader of the source's events from now on (see `AmiClient.events()`). Its buffer
   * holds at most `size` events; when full it either ends with `AmiEventOverflowError` (after yielding
   * what it holds) or drops the oldest event, counting it on `reader.dropped` and reporting it on
   * `lagged$`. It ends when the source completes, when `signal` aborts or on `close()`; an error of the
   * source is thrown by the reader once it has yielded what it holds.
   *
   * @throws {AmiValidationError} `size` is not an integer >= 1, `overflow` is not `"error"` or
   *   `"drop-oldest"`, `names` is not an array of strings, or `signal` is not an `AbortSignal`.
   */
  events(options?: AmiEventReaderOptions): AmiEventReader;
  /**
   * Reports from this factory's `"drop-oldest"` readers that fell behind. Completes when the source
   * ends (while subscribed, it also subscribes to the source to see that end).
   */
  readonly lagged$: Observable<AmiLagged>;
}

/**
 * Bounded readers over any event stream, with the client's `events()` semantics (same options, same
 * errors, same overflow policies):
 *
 * ```ts
 * const { events, lagged$ } = createEventReaders(remote.events$, { size: 1_000 });
 * for await (const event of events({ names: ["Hangup"], signal })) await save(event);
 * ```
 *
 * Each reader subscribes to `events$` while it reads and unsubscribes when it ends.
 *
 * @throws {AmiValidationError} `defaults` is invalid (as for the client's `eventBuffer` option).
 */
export function createEventReaders(
  events$: Observable<AmiEvent>,
  defaults: AmiEventReaderDefaults = {},
): AmiEventReaders {
  if (defaults === null || typeof defaults !== "object")
    throw new AmiValidationError("createEventReaders(): defaults must be an object { size?, overflow? }");
  const size = defaults.size ?? 10_000;
  const overflow = defaults.overflow ?? "error";
  checkSize(size, "createEventReaders(): size");
  checkOverflow(overflow, "createEventReaders(): overflow");
  const lagged = new Subject<AmiLagged>();
  // Emits once the source has ended, completed or failed.
  const ended$ = events$.pipe(
    ignoreElements(),
    endWith(true),
    catchError(() => of(true)),
  );
  return {
    events(options?: AmiEventReaderOptions): AmiEventReader {
      const settings = readerSettings(options, size, overflow);
      let subscription: Subscription | undefined;
      let detached = false;
      const reader = new BoundedReader(settings, lagged, () => {
        detached = true;
        subscription?.unsubscribe();
      });
      if (detached) return reader; // the signal was already aborted
      subscription = events$.subscribe({
        next: (event) => reader.offer(event, typeof event.Event === "string" ? event.Event : ""),
        error: (error: unknown) =>
          reader.fail(error instanceof Error ? error : new Error(String(error), { cause: error })),
        complete: () => reader.end(),
      });
      // The source may have ended while subscribing, before `subscription` was set.
      if (detached) subscription.unsubscribe();
      return reader;
    },
    lagged$: lagged.pipe(takeUntil(ended$)),
  };
}

/** Checks one `events()` call's options and applies the defaults. @internal */
export function readerSettings(
  options: AmiEventReaderOptions | undefined,
  size: number,
  overflow: "error" | "drop-oldest",
): ReaderSettings {
  if (options === undefined) return { size, overflow, names: undefined, signal: undefined };
  if (options === null || typeof options !== "object")
    throw new AmiValidationError("events(): options must be an object");
  const settings: ReaderSettings = {
    size: options.size ?? size,
    overflow: options.overflow ?? overflow,
    names: options.names,
    signal: options.signal,
  };
  checkSize(settings.size, "events(): size");
  checkOverflow(settings.overflow, "events(): overflow");
  const { names, signal } = settings;
  if (names !== undefined && (!Array.isArray(names) || !names.every((name) => typeof name === "string")))
    throw new AmiValidationError("events(): names must be an array of event names (strings)");
  if (
    signal !== undefined &&
    (signal === null ||
      typeof signal !== "object" ||
      typeof signal.addEventListener !== "function" ||
      typeof signal.aborted !== "boolean")
  )
    throw new AmiValidationError("events(): signal must be an AbortSignal");
  return settings;
}

function checkSize(size: unknown, what: string): void {
  if (!Number.isInteger(size) || (size as number) < 1)
    throw new AmiValidationError(`${what} must be an integer >= 1`);
}

function checkOverflow(overflow: unknown, what: string): void {
  if (overflow !== "error" && overflow !== "drop-oldest")
    throw new AmiValidationError(`${what} must be "error" or "drop-oldest"`);
}

type Waiter = { resolve(result: IteratorResult<AmiEvent>): void; reject(error: unknown): void };

/** A bounded FIFO of events with an overflow policy, read as an async iterator. @internal */
export class BoundedReader implements AmiEventReader {
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

  /** The source failed: iteration yields what is buffered, then throws `error`. */
  fail(error: Error): void {
    if (this.#done || this.#error !== undefined) return;
    this.#error = error;
    this.#stopListening();
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    // Nothing is buffered while a next() waits: it gets the error now.
    this.#waiter = undefined;
    this.#done = true;
    this.#error = undefined;
    waiter.reject(error);
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
