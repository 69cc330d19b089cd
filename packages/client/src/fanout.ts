/**
 * A hot multicast for the event stream: what RxJS's `Subject` does for `next`/`complete`, without
 * the closure, iterator and try/finally that `Subject.next` allocates per value. At hundreds of
 * thousands of events per second that overhead was about 6 % of the client's end-to-end throughput
 * (bench/README.md).
 */
import type { Subscriber } from "rxjs";
import { Observable } from "./rx.ts";

/** One subscriber, and the keys it wants (`undefined`: every value). */
class Subscription<T> {
  declare readonly subscriber: Subscriber<T>;
  declare readonly keys: ReadonlySet<string> | undefined;

  constructor(subscriber: Subscriber<T>, keys: ReadonlySet<string> | undefined) {
    this.subscriber = subscriber;
    this.keys = keys;
  }
}

/** @internal */
export class Fanout<T> {
  /** Replaced, never mutated (copy on write), so a delivery loop never sees the list change under it. */
  #subscribers: readonly Subscription<T>[] = [];
  /** Subscribers with keys: while none, {@link Fanout.keyed} is false and nobody needs a value's key. */
  #keyed = 0;
  #completed = false;

  /** Subscribing after `complete()` completes at once, as with a completed `Subject`. */
  readonly observable: Observable<T> = this.#observable(undefined);

  /**
   * Only the values whose key (given to {@link Fanout.next}) is in `keys`: what `filter` on
   * {@link Fanout.observable} would deliver, in the same order among all subscribers, without an
   * operator chain per subscriber and value.
   */
  keyedObservable(keys: ReadonlySet<string>): Observable<T> {
    return this.#observable(keys);
  }

  #observable(keys: ReadonlySet<string> | undefined): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.#completed) {
        subscriber.complete();
        return undefined;
      }
      const subscription = new Subscription(subscriber, keys);
      this.#subscribers = [...this.#subscribers, subscription];
      if (keys !== undefined) this.#keyed++;
      return () => {
        const before = this.#subscribers.length;
        this.#subscribers = this.#subscribers.filter((candidate) => candidate !== subscription);
        if (keys !== undefined && this.#subscribers.length < before) this.#keyed--;
      };
    });
  }

  /** Whether some subscriber wants only some keys (so {@link Fanout.next} needs each value's key). */
  get keyed(): boolean {
    return this.#keyed > 0;
  }

  /** Whether anybody subscribes. */
  get observed(): boolean {
    return this.#subscribers.length > 0;
  }

  /**
   * Delivers `value` to every current subscriber (a keyed one only when `key` is one of its keys),
   * synchronously and in subscription order. A
   * subscriber that unsubscribes during the loop gets nothing more (a stopped RxJS subscriber ignores
   * `next`); one that subscribes during it starts with the next value.
   */
  next(value: T, key?: string): void {
    if (this.#completed) return;
    const subscribers = this.#subscribers;
    for (let i = 0; i < subscribers.length; i++) {
      const { subscriber, keys } = subscribers[i] as Subscription<T>;
      if (keys === undefined || (key !== undefined && keys.has(key))) subscriber.next(value);
    }
  }

  /** Completes every subscriber, now and later. Idempotent. */
  complete(): void {
    if (this.#completed) return;
    this.#completed = true;
    const subscribers = this.#subscribers;
    this.#subscribers = [];
    this.#keyed = 0;
    for (const { subscriber } of subscribers) subscriber.complete();
  }
}
