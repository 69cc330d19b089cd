/**
 * A hot multicast for the event stream: what RxJS's `Subject` does for `next`/`complete`, without
 * the closure, iterator and try/finally that `Subject.next` allocates per value. At hundreds of
 * thousands of events per second that overhead was about 6 % of the client's end-to-end throughput
 * (bench/README.md).
 */
import { Observable, type Subscriber } from "rxjs";

/** @internal */
export class Fanout<T> {
  /** Replaced, never mutated (copy on write), so a delivery loop never sees the list change under it. */
  #subscribers: readonly Subscriber<T>[] = [];
  #completed = false;

  /** Subscribing after `complete()` completes at once, as with a completed `Subject`. */
  readonly observable: Observable<T> = new Observable<T>((subscriber) => {
    if (this.#completed) {
      subscriber.complete();
      return undefined;
    }
    this.#subscribers = [...this.#subscribers, subscriber];
    return () => {
      this.#subscribers = this.#subscribers.filter((candidate) => candidate !== subscriber);
    };
  });

  /** Whether anybody subscribes. */
  get observed(): boolean {
    return this.#subscribers.length > 0;
  }

  /**
   * Delivers `value` to every current subscriber, synchronously and in subscription order. A
   * subscriber that unsubscribes during the loop gets nothing more (a stopped RxJS subscriber ignores
   * `next`); one that subscribes during it starts with the next value.
   */
  next(value: T): void {
    if (this.#completed) return;
    const subscribers = this.#subscribers;
    for (let i = 0; i < subscribers.length; i++) (subscribers[i] as Subscriber<T>).next(value);
  }

  /** Completes every subscriber, now and later. Idempotent. */
  complete(): void {
    if (this.#completed) return;
    this.#completed = true;
    const subscribers = this.#subscribers;
    this.#subscribers = [];
    for (const subscriber of subscribers) subscriber.complete();
  }
}
