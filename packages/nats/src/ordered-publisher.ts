/**
 * Publishes one server's messages to its JetStream stream in order, exactly once, and keeps them in a
 * bounded buffer while NATS cannot take them.
 *
 * Order: up to `window` publishes are in flight; each names the previous message's ID as the expected
 * last one (`Nats-Expected-Last-Msg-Id`), so JetStream stores a message only right after its
 * predecessor and never a later one first. Exactly once: every message has a `Nats-Msg-Id`; after a
 * failure (NATS down, an ack lost), the publisher waits, then re-sends from the first message not
 * acknowledged, one at a time and without the expectation until JetStream stores a message that is
 * not a duplicate, so re-sent messages that were stored already are dropped as duplicates.
 */
import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import type { RelayGapStatus, RelayStatus } from "./status.ts";
import { RELAY_HEADERS, type ServerSubjects } from "./subjects.ts";

/** A message waiting to be stored. @internal */
interface Outgoing {
  readonly subject: string;
  readonly payload: Uint8Array;
  readonly msgId: string;
  readonly epoch: number;
  readonly sequence: number;
  readonly kind: "event" | "status";
  acked: boolean;
}

/** Counters of one publisher. */
export interface PublisherCounters {
  /** Messages stored (duplicates not counted). */
  readonly published: number;
  /** Re-sent messages JetStream dropped as duplicates. */
  readonly duplicates: number;
  /** Events dropped because the buffer was full. */
  readonly dropped: number;
  /** Messages waiting (in flight included). */
  readonly buffered: number;
  /** Publish failures (each followed by a retry). */
  readonly failures: number;
}

/** Settings of an {@link OrderedPublisher}. @internal */
export interface OrderedPublisherOptions {
  readonly js: JetStreamClient;
  readonly server: string;
  readonly subjects: ServerSubjects;
  /** Most events held while NATS does not take them; beyond, events are dropped and counted. */
  readonly bufferSize: number;
  /** Publishes in flight at once. */
  readonly window: number;
  /** Milliseconds to wait for one ack. */
  readonly publishTimeout: number;
  /** Milliseconds between retries after a failure. */
  readonly retryDelay: number;
  /** Told about every failure (for logs); the publisher retries by itself. */
  readonly onError?: (error: unknown) => void;
}

const textEncoder = new TextEncoder();

/** @internal */
export class OrderedPublisher {
  readonly #options: OrderedPublisherOptions;
  #queue: Outgoing[] = [];
  #head = 0;
  /** Index (in `#queue`) of the next message to send. */
  #next = 0;
  #inFlight = 0;
  #eventsQueued = 0;
  #lastMsgId: string | undefined;
  /** After a failure: one at a time, without the expectation, until a non-duplicate store. */
  #recovering = true;
  #failed = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  /** Events dropped in the current overflow, and the last sequence stored before it. */
  #overflow: { epoch: number; lastSequence: number; dropped: number } | undefined;
  #lastQueued = { epoch: 0, sequence: 0 };
  #idleWaiters: (() => void)[] = [];
  #published = 0;
  #duplicates = 0;
  #dropped = 0;
  #failures = 0;

  constructor(options: OrderedPublisherOptions) {
    this.#options = options;
  }

  /** The counters. */
  get counters(): PublisherCounters {
    return {
      published: this.#published,
      duplicates: this.#duplicates,
      dropped: this.#dropped,
      buffered: this.#queue.length - this.#head,
      failures: this.#failures,
    };
  }

  /**
   * Queues one event. Returns `false` when the buffer was full and the event was dropped (counted;
   * one gap marker is queued before the next event that fits).
   */
  event(epoch: number, sequence: number, eventName: string, payload: Uint8Array): boolean {
    if (this.#closed) return false;
    if (this.#eventsQueued >= this.#options.bufferSize) {
      this.#dropped++;
      if (this.#overflow === undefined) {
        this.#overflow = { epoch, lastSequence: this.#lastEventSequence(epoch), dropped: 0 };
      }
      this.#overflow.dropped++;
      return false;
    }
    this.#flushOverflow();
    const server = this.#options.server;
    this.#push({
      subject: this.#options.subjects.event(eventName),
      payload,
      msgId: `${server}.${epoch}.${sequence}`,
      epoch,
      sequence,
      kind: "event",
      acked: false,
    });
    this.#eventsQueued++;
    this.#lastQueued = { epoch, sequence };
    return true;
  }

  /** Queues a status message (never dropped: they are few and small). */
  status(status: RelayStatus): void {
    if (this.#closed) return;
    this.#flushOverflow();
    this.#pushStatus(status);
  }

  /** Resolves once every queued message is stored (or the publisher is closed). */
  idle(): Promise<void> {
    if (this.#head === this.#queue.length || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops publishing; what is still queued is abandoned. */
  close(): void {
    this.#closed = true;
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#wakeIdle();
  }

  #lastEventSequence(epoch: number): number {
    return this.#lastQueued.epoch === epoch ? this.#lastQueued.sequence : 0;
  }

  #flushOverflow(): void {
    const overflow = this.#overflow;
    if (overflow === undefined) return;
    this.#overflow = undefined;
    const gap: RelayGapStatus = {
      status: "gap",
      server: this.#options.server,
      epoch: overflow.epoch,
      lastSequence: overflow.lastSequence,
      reason: "buffer-overflow",
      dropped: overflow.dropped,
    };
    this.#pushStatus(gap);
  }

  #pushStatus(status: RelayStatus): void {
    const sequence = "lastSequence" in status ? status.lastSequence : 0;
    const detail = status.status === "gap" ? `gap-${status.reason}` : status.status;
    this.#push({
      subject: this.#options.subjects.status,
      payload: textEncoder.encode(JSON.stringify(status)),
      msgId: `${status.server}.${status.epoch}.${sequence}.${detail}`,
      epoch: status.epoch,
      sequence,
      kind: "status",
      acked: false,
    });
  }

  #push(message: Outgoing): void {
    this.#queue.push(message);
    this.#pump();
  }

  #pump(): void {
    if (this.#closed || this.#failed) return;
    const window = this.#recovering ? 1 : this.#options.window;
    while (this.#inFlight < window && this.#next < this.#queue.length) {
      const message = this.#queue[this.#next++] as Outgoing;
      if (message.acked) continue;
      this.#send(message);
    }
  }

  #send(message: Outgoing): void {
    const options = this.#options;
    const headers = natsHeaders();
    headers.set(RELAY_HEADERS.server, options.server);
    headers.set(RELAY_HEADERS.epoch, String(message.epoch));
    headers.set(RELAY_HEADERS.sequence, String(message.sequence));
    headers.set(RELAY_HEADERS.kind, message.kind);
    const previous = this.#lastMsgId;
    this.#lastMsgId = message.msgId;
    this.#inFlight++;
    options.js
      .publish(message.subject, message.payload, {
        msgID: message.msgId,
        headers,
        timeout: options.publishTimeout,
        retries: 0,
        ...(this.#recovering || previous === undefined ? {} : { expect: { lastMsgID: previous } }),
      })
      .then(
        (ack) => {
          this.#inFlight--;
          message.acked = true;
          if (ack.duplicate) this.#duplicates++;
          else {
            this.#published++;
            this.#recovering = false;
          }
          this.#settle();
        },
        (error: unknown) => {
          this.#inFlight--;
          this.#failures++;
          this.#failed = true;
          options.onError?.(error);
          this.#settle();
        },
      );
  }

  /** Drops acked messages from the head, and after a failure schedules the retry once all settled. */
  #settle(): void {
    const queue = this.#queue;
    while (this.#head < queue.length && (queue[this.#head] as Outgoing).acked) {
      if ((queue[this.#head] as Outgoing).kind === "event") this.#eventsQueued--;
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > queue.length) {
      this.#queue = queue.slice(this.#head);
      this.#next -= this.#head;
      this.#head = 0;
    }
    // Room again after an overflow: the gap marker goes in now, before any later event.
    if (this.#overflow !== undefined && this.#eventsQueued < this.#options.bufferSize) this.#flushOverflow();
    if (this.#failed) {
      if (this.#inFlight === 0 && this.#retryTimer === undefined && !this.#closed) {
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          this.#failed = false;
          this.#recovering = true;
          this.#next = this.#head;
          this.#pump();
        }, this.#options.retryDelay);
      }
      return;
    }
    if (this.#head === this.#queue.length) this.#wakeIdle();
    this.#pump();
  }

  #wakeIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
