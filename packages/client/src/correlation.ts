/**
 * The pending-action table: every action the client has issued and not yet finished, keyed by ActionID.
 * An entry ends exactly once — by its answer, its timeout, its AbortSignal, the loss of its connection
 * or `close()` — and when it ends its timer, its abort listener and its map entry go with it.
 */
import type { AmiPacket } from "@amikit/codec";
import { Deadlines } from "./deadlines.ts";
import { AmiAbortError, AmiTimeoutError, AmiValidationError } from "./errors.ts";
import { closesList, isErrorResponse, opensList } from "./lists.ts";

/**
 * Where an entry is: waiting in the offline queue, written and awaiting its answer, receiving list items,
 * or awaiting a follow-up event (async Originate).
 *
 * @internal
 */
export type PendingPhase = "queued" | "sent" | "listing" | "awaiting-event";

/**
 * What an entry does with what arrives for it. `response` and `event` return `true` once the entry is
 * finished; `event` also says whether the event is consumed (kept from `events$`).
 *
 * @internal
 */
export interface PendingBehaviour {
  /** The answer to the action arrived. Return `true` when the entry is done. */
  response(packet: AmiPacket, entry: PendingEntry): boolean;
  /** An event carrying this entry's ActionID arrived. */
  event?(packet: AmiPacket, entry: PendingEntry): { readonly consumed: boolean; readonly done: boolean };
  /** The entry failed (timeout, abort, connection loss, close). Called at most once, after removal. */
  fail(error: Error): void;
}

/** One issued action. @internal */
export interface PendingEntry {
  readonly id: string;
  /** The key of the entry in the table (see {@link PendingTable.keyOf}). */
  readonly key: number | string;
  readonly action: string;
  /** The packet's wire text; released once written. */
  text: string | undefined;
  phase: PendingPhase;
  /** The connection (any identity object) the action was written to. */
  connection: object | undefined;
  readonly timeout: number;
  readonly behaviour: PendingBehaviour;
  /**
   * A list entry that timed out, was aborted or unsubscribed mid-answer lingers (until its closing event
   * or one more timeout) to swallow the rest of its list, so those items do not spill into `events$`.
   */
  readonly lingers: boolean;
  /** Lingering: its caller has been answered; it only swallows the rest of the list. */
  draining: boolean;
  /** When its timeout expires (see {@link Deadlines}); -1 once it no longer waits. */
  deadline: number;
  /** The caller's signal, while the entry listens to it (through the table's {@link AbortWatch}). */
  signal: AbortSignal | undefined;
}

/**
 * A {@link PendingEntry}. The client's own ActionID is not kept as a string (it is `prefix + key`, made
 * again when a message needs it): one string less per action in flight.
 */
class Entry implements PendingEntry {
  readonly key: number | string;
  /** The ActionID prefix when `key` is the counter of one of the client's own ActionIDs, else `""`. */
  readonly #prefix: string;
  readonly action: string;
  text: string | undefined;
  phase: PendingPhase = "queued";
  connection: object | undefined = undefined;
  readonly timeout: number;
  readonly behaviour: PendingBehaviour;
  readonly lingers: boolean;
  draining = false;
  deadline = -1;
  signal: AbortSignal | undefined = undefined;

  constructor(
    key: number | string,
    prefix: string,
    action: string,
    text: string | undefined,
    timeout: number,
    behaviour: PendingBehaviour,
    lingers: boolean,
  ) {
    this.key = key;
    this.#prefix = prefix;
    this.action = action;
    this.text = text;
    this.timeout = timeout;
    this.behaviour = behaviour;
    this.lingers = lingers;
  }

  get id(): string {
    const key = this.key;
    return typeof key === "number" ? `${this.#prefix}${key}` : key;
  }
}

/**
 * ActionIDs: a per-client prefix and a counter. Never time-based, so thousands in flight stay unique.
 *
 * @internal
 */
export function createActionIds(prefix: string): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    return `${prefix}${counter}`;
  };
}

/**
 * The table of pending actions. Entries are keyed by the number in the client's own ActionIDs
 * (`<prefix><counter>`: a number hashes faster than a fresh string, and every answer brings a fresh
 * one), and by the ActionID itself otherwise (caller-supplied ones). One Map keeps the issue order.
 *
 * @internal
 */
export class PendingTable {
  readonly #entries = new Map<number | string, PendingEntry>();
  readonly #prefix: string;
  /** Entries that may take events (lists, lingering lists, Originate): events need no lookup while there is none. */
  #eventTakers = 0;
  readonly #aborts = new AbortWatch((entry, signal) =>
    this.fail(entry, new AmiAbortError(`${entry.action} aborted`, entry.action, signal.reason)),
  );
  readonly #deadlines = new Deadlines<PendingEntry>(
    (entry) => this.#expired(entry),
    () => this.#entries.size,
  );

  /**
   * Called when an entry ends while its text was never written (it waited in the offline queue or the
   * outbox), with that text: the outbox gives its bytes back. Set by the outbox.
   */
  onUnwritten: ((entry: PendingEntry, text: string) => void) | undefined = undefined;

  /** `prefix`: the client's ActionID prefix (see {@link createActionIds}). */
  constructor(prefix = "") {
    this.#prefix = prefix;
  }

  /** Number of unfinished actions (queued ones included). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The table key of an ActionID: the counter of `<prefix><counter>` (decimal, no leading zero), else
   * the ActionID itself. A function of the string alone, so equal ActionIDs always meet.
   */
  keyOf(id: string): number | string {
    const prefix = this.#prefix;
    const start = prefix.length;
    const digits = id.length - start;
    if (digits < 1 || digits > 15 || !id.startsWith(prefix) || id.charCodeAt(start) === 48) return id;
    let value = 0;
    for (let i = start; i < id.length; i++) {
      const digit = id.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return id;
      value = value * 10 + digit;
    }
    return value;
  }

  /** Whether an ActionID is in use. */
  has(id: string): boolean {
    return this.#entries.has(this.keyOf(id));
  }

  /** The entry for an ActionID. */
  get(id: string): PendingEntry | undefined {
    return this.#entries.get(this.keyOf(id));
  }

  /** Whether `entry` is still in the table. */
  holds(entry: PendingEntry): boolean {
    return this.#entries.get(entry.key) === entry;
  }

  /** Every entry, in issue order (a snapshot, safe to finish entries while iterating). */
  snapshot(): PendingEntry[] {
    return [...this.#entries.values()];
  }

  /**
   * Adds an entry and starts its timeout and abort listener. Returns `undefined` (and fails the entry)
   * if its signal has already fired, or if its ActionID is already in use: a pending entry is never
   * replaced, so every action ends.
   */
  add(
    id: string,
    action: string,
    text: string | undefined,
    timeout: number,
    behaviour: PendingBehaviour,
    signal: AbortSignal | undefined,
    lingers: boolean,
  ): PendingEntry | undefined {
    if (signal?.aborted) {
      behaviour.fail(new AmiAbortError(`${action} aborted`, action, signal.reason));
      return undefined;
    }
    const key = this.keyOf(id);
    if (this.#entries.has(key)) {
      behaviour.fail(new AmiValidationError(`${action}: ActionID "${id}" is already in flight`, action));
      return undefined;
    }
    const entry = new Entry(
      key,
      typeof key === "number" ? this.#prefix : "",
      action,
      text,
      timeout,
      behaviour,
      lingers,
    );
    this.#entries.set(key, entry);
    if (behaviour.event !== undefined || lingers) this.#eventTakers++;
    this.#deadlines.start(entry);
    if (signal !== undefined) this.#aborts.watch(signal, entry);
    return entry;
  }

  /** Restarts the entry's timeout (lists restart it with every item). */
  restartTimer(entry: PendingEntry): void {
    this.#deadlines.start(entry);
  }

  #expired(entry: PendingEntry): void {
    if (entry.draining) {
      this.finish(entry);
      return;
    }
    const what =
      entry.phase === "queued"
        ? "while waiting for a connection"
        : entry.text !== undefined
          ? "before it could be written (the server is not reading); it was not sent"
          : "waiting for its answer";
    this.fail(
      entry,
      new AmiTimeoutError(
        `${entry.action} (ActionID ${entry.id}) timed out after ${entry.timeout} ms ${what}`,
        entry.timeout,
        entry.action,
        entry.id,
      ),
    );
  }

  /** Removes a finished entry and releases its deadline and listener. Idempotent. */
  finish(entry: PendingEntry): boolean {
    if (this.#entries.get(entry.key) !== entry) return false;
    this.#entries.delete(entry.key);
    if (entry.behaviour.event !== undefined || entry.lingers) this.#eventTakers--;
    this.#deadlines.stop(entry);
    this.#aborts.unwatch(entry);
    const text = entry.text;
    entry.text = undefined;
    if (text !== undefined) this.onUnwritten?.(entry, text);
    return true;
  }

  /**
   * Ends an entry with an error (if it is still pending). With `linger` (timeouts, aborts), a list entry
   * already on the wire stays to swallow the rest of its list; connection loss and close pass `false`.
   */
  fail(entry: PendingEntry, error: Error, linger = true): void {
    if (this.#entries.get(entry.key) !== entry || entry.draining) {
      if (!linger) this.finish(entry);
      return;
    }
    if (linger && this.#drain(entry)) entry.behaviour.fail(error);
    else if (this.finish(entry)) entry.behaviour.fail(error);
  }

  /** The caller lost interest (unsubscribed): end the entry without telling it anything. */
  abandon(entry: PendingEntry): void {
    if (this.#entries.get(entry.key) !== entry || entry.draining) return;
    if (!this.#drain(entry)) this.finish(entry);
  }

  /** Turns a list entry on the wire into a draining one; `false` if it cannot linger. */
  #drain(entry: PendingEntry): boolean {
    // Not yet written (its text still waits in the outbox): no answer can come, nothing to swallow.
    if (!entry.lingers || (entry.phase !== "sent" && entry.phase !== "listing") || entry.text !== undefined)
      return false;
    entry.draining = true;
    this.#aborts.unwatch(entry);
    this.restartTimer(entry);
    return true;
  }

  /** Routes an answer to its entry; returns whether it matched one. */
  routeResponse(packet: AmiPacket, connection: object): boolean {
    const id = packet.actionId;
    if (id === undefined) return false;
    const entry = this.#entries.get(this.keyOf(id));
    if (entry === undefined || entry.connection !== connection || entry.phase !== "sent") return false;
    if (entry.draining) {
      if (!isErrorResponse(packet) && opensList(packet)) {
        entry.phase = "listing";
        this.restartTimer(entry);
      } else {
        this.finish(entry);
      }
    } else if (entry.behaviour.response(packet, entry)) {
      this.finish(entry);
    }
    return true;
  }

  /** Routes an event carrying an ActionID; returns whether the event is consumed (not for `events$`). */
  routeEvent(packet: AmiPacket, connection: object): boolean {
    // Only lists and Originate take events: with none pending, no event needs its ActionID read.
    if (this.#eventTakers === 0) return false;
    const id = packet.actionId;
    if (id === undefined) return false;
    const entry = this.#entries.get(this.keyOf(id));
    if (entry === undefined || entry.connection !== connection) return false;
    if (entry.draining) {
      if (entry.phase !== "listing") return false;
      if (closesList(packet)) this.finish(entry);
      else this.restartTimer(entry);
      return true;
    }
    if (entry.behaviour.event === undefined) return false;
    const { consumed, done } = entry.behaviour.event(packet, entry);
    if (done) this.finish(entry);
    return consumed;
  }
}

/**
 * The abort listeners of the pending actions: ONE listener per caller signal, however many actions
 * share it. A signal shared by thousands of in-flight actions (an app-wide shutdown signal) thus never
 * trips Node's `MaxListenersExceededWarning`, and the listener is removed as soon as the last action
 * using the signal ends, so none outlives its actions.
 *
 * @internal
 */
export class AbortWatch {
  readonly #watched = new Map<
    AbortSignal,
    { readonly entries: Set<PendingEntry>; readonly listener: () => void }
  >();
  readonly #aborted: (entry: PendingEntry, signal: AbortSignal) => void;

  /** `aborted` is called for each entry (in the order they were watched) when its signal fires. */
  constructor(aborted: (entry: PendingEntry, signal: AbortSignal) => void) {
    this.#aborted = aborted;
  }

  /** Signals listened to right now (for tests and diagnostics). */
  get size(): number {
    return this.#watched.size;
  }

  /** Fails `entry` when `signal` fires (the signal must not have fired yet). */
  watch(signal: AbortSignal, entry: PendingEntry): void {
    entry.signal = signal;
    const watched = this.#watched.get(signal);
    if (watched !== undefined) {
      watched.entries.add(entry);
      return;
    }
    const entries = new Set<PendingEntry>([entry]);
    const listener = () => {
      this.#watched.delete(signal);
      for (const aborted of [...entries]) {
        aborted.signal = undefined;
        this.#aborted(aborted, signal);
      }
      entries.clear();
    };
    this.#watched.set(signal, { entries, listener });
    signal.addEventListener("abort", listener, { once: true });
  }

  /** Stops listening for `entry`; removes the signal's listener with its last entry. Idempotent. */
  unwatch(entry: PendingEntry): void {
    const signal = entry.signal;
    if (signal === undefined) return;
    entry.signal = undefined;
    const watched = this.#watched.get(signal);
    if (watched === undefined) return;
    watched.entries.delete(entry);
    if (watched.entries.size > 0) return;
    this.#watched.delete(signal);
    signal.removeEventListener("abort", watched.listener);
  }
}
