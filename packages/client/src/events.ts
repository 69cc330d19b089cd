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
import type { Observable } from "rxjs";
import { BoundedReader, type ReaderSettings } from "./event-reader.ts";
import { Fanout } from "./fanout.ts";
import { Subject } from "./rx.ts";
import type { AmiEvent, AmiEventReader, AmiLagged } from "./types.ts";

export type { ReaderSettings } from "./event-reader.ts";

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
