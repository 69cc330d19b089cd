/**
 * `boundedConcatMap`: `concatMap` with a bounded input buffer and an explicit overflow policy, for RxJS
 * pipelines whose per-event work is asynchronous.
 *
 * `events$` itself buffers nothing (it delivers synchronously), but an asynchronous operator placed
 * after it does: `concatMap(slowAsyncHandler)` queues every event that arrives while the handler runs,
 * without limit. This operator is the bounded replacement.
 */
import type { ObservableInput, OperatorFunction, Subscription } from "rxjs";
import { AmiEventOverflowError, AmiValidationError } from "./errors.ts";
import { from, Observable } from "./rx.ts";
import type { AmiLagged } from "./types.ts";

/** Options of {@link boundedConcatMap}. `drop-oldest` requires `onLagged`, so loss is never silent. */
export type AmiBoundedOptions =
  | {
      /** Most values waiting while `project`'s current inner work runs (the running one not counted). */
      readonly size: number;
      /**
       * `"error"` (the default): on overflow, stop taking values from the source, finish the work that
       * waits, then error with `AmiEventOverflowError`.
       */
      readonly overflow?: "error";
      /** Not used with `"error"`. */
      readonly onLagged?: (lagged: AmiLagged) => void;
    }
  | {
      /** Most values waiting while `project`'s current inner work runs (the running one not counted). */
      readonly size: number;
      /** Drop the oldest waiting value to make room, and report it through `onLagged`. */
      readonly overflow: "drop-oldest";
      /** Called on every drop with the count dropped now (1) and the total so far for this subscription. */
      readonly onLagged: (lagged: AmiLagged) => void;
    };

/**
 * Like RxJS `concatMap`: maps each value to a Promise or Observable and runs them one after the other,
 * emitting their results in order — but at most `size` values wait while one runs. When one more
 * arrives, `overflow: "error"` stops taking values, lets the waiting ones run, then errors with
 * `AmiEventOverflowError`; `overflow: "drop-oldest"` drops the oldest waiting value and calls
 * `onLagged({ dropped: 1, total })`. Memory stays bounded and no value is lost silently.
 *
 * ```ts
 * client.events$
 *   .pipe(
 *     ofEvent("Cdr"),
 *     boundedConcatMap((cdr) => database.insert(cdr), {
 *       size: 5_000,
 *       overflow: "drop-oldest",
 *       onLagged: ({ total }) => log.warn(`CDR writer behind: ${total} dropped`),
 *     }),
 *   )
 *   .subscribe();
 * ```
 *
 * @throws {AmiValidationError} `size` is not an integer >= 1, or `drop-oldest` has no `onLagged`.
 */
export function boundedConcatMap<T, R>(
  project: (value: T, index: number) => ObservableInput<R>,
  options: AmiBoundedOptions,
): OperatorFunction<T, R> {
  const { size } = options;
  const overflow = options.overflow ?? "error";
  if (!Number.isInteger(size) || size < 1)
    throw new AmiValidationError("boundedConcatMap: size must be an integer >= 1");
  if (overflow !== "error" && overflow !== "drop-oldest")
    throw new AmiValidationError('boundedConcatMap: overflow must be "error" or "drop-oldest"');
  const onLagged = options.onLagged;
  if (overflow === "drop-oldest" && typeof onLagged !== "function")
    throw new AmiValidationError(
      'boundedConcatMap: overflow "drop-oldest" needs onLagged (loss is never silent)',
    );

  return (source) =>
    new Observable<R>((subscriber) => {
      const waiting = new BoundedQueue<T>();
      let index = 0;
      let running = false;
      let draining = false;
      let sourceDone = false;
      let overflowed: AmiEventOverflowError | undefined;
      let dropped = 0;
      let inner: Subscription | undefined;
      let upstream: Subscription | undefined;

      const settle = () => {
        if (running || waiting.length > 0) return;
        if (overflowed !== undefined) subscriber.error(overflowed);
        else if (sourceDone) subscriber.complete();
      };

      /** Runs waiting values one at a time; a loop, so synchronous inner work cannot deepen the stack. */
      const drain = () => {
        if (draining) return;
        draining = true;
        try {
          while (!running && waiting.length > 0 && !subscriber.closed) {
            const value = waiting.shift() as T;
            let input: ObservableInput<R>;
            try {
              input = project(value, index++);
            } catch (error) {
              subscriber.error(error);
              return;
            }
            running = true;
            let finished = false;
            const subscription = from(input).subscribe({
              next: (result) => subscriber.next(result),
              error: (error: unknown) => subscriber.error(error),
              complete: () => {
                finished = true;
                running = false;
                inner = undefined;
                if (!draining) drain();
              },
            });
            if (!finished) inner = subscription;
          }
        } finally {
          draining = false;
        }
        settle();
      };

      upstream = source.subscribe({
        next: (value) => {
          if (overflowed !== undefined) return;
          if (running && waiting.length >= size) {
            if (overflow === "error") {
              overflowed = new AmiEventOverflowError(size);
              upstream?.unsubscribe();
              settle();
              return;
            }
            waiting.shift();
            dropped += 1;
            onLagged?.({ dropped: 1, total: dropped });
          }
          waiting.push(value);
          drain();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          settle();
        },
      });
      // An overflow during a synchronous subscribe happened before `upstream` was assigned.
      if (overflowed !== undefined) upstream.unsubscribe();

      return () => {
        upstream?.unsubscribe();
        inner?.unsubscribe();
        waiting.clear();
      };
    });
}

/** A FIFO with O(1) shift that releases what it no longer holds. */
class BoundedQueue<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(value: T): void {
    this.#items.push(value);
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const value = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head += 1;
    if (this.#head === this.#items.length) this.clear();
    else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return value;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}
