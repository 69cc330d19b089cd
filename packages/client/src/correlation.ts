/**
 * The pending-action table: every action the client has issued and not yet finished, keyed by ActionID.
 * An entry ends exactly once — by its answer, its timeout, its AbortSignal, the loss of its connection
 * or `close()` — and when it ends its timer, its abort listener and its map entry go with it.
 */
import type { AmiPacket } from "@amikit/codec";
import { AmiAbortError, AmiTimeoutError } from "./errors.ts";
import { closesList, isErrorResponse, opensList } from "./lists.ts";

/** The longest delay `setTimeout` honours. */
const MAX_TIMER = 2_147_483_647;

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
  readonly action: string;
  /** The encoded packet; released once written. */
  bytes: Uint8Array | undefined;
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
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The caller's signal, while the entry listens to it (through the table's {@link AbortWatch}). */
  signal: AbortSignal | undefined;
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

/** The table of pending actions. @internal */
export class PendingTable {
  readonly #entries = new Map<string, PendingEntry>();
  readonly #aborts = new AbortWatch((entry, signal) =>
    this.fail(entry, new AmiAbortError(`${entry.action} aborted`, entry.action, signal.reason)),
  );

  /** Number of unfinished actions (queued ones included). */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether an ActionID is in use. */
  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** The entry for an ActionID. */
  get(id: string): PendingEntry | undefined {
    return this.#entries.get(id);
  }

  /** Every entry, in issue order (a snapshot, safe to finish entries while iterating). */
  snapshot(): PendingEntry[] {
    return [...this.#entries.values()];
  }

  /**
   * Adds an entry and starts its timeout and abort listener. Returns `false` (and fails the entry) if its
   * signal has already fired.
   */
  add(
    id: string,
    action: string,
    bytes: Uint8Array | undefined,
    timeout: number,
    behaviour: PendingBehaviour,
    signal: AbortSignal | undefined,
    lingers: boolean,
  ): PendingEntry | undefined {
    if (signal?.aborted) {
      behaviour.fail(new AmiAbortError(`${action} aborted`, action, signal.reason));
      return undefined;
    }
    const entry: PendingEntry = {
      id,
      action,
      bytes,
      phase: "queued",
      connection: undefined,
      timeout,
      behaviour,
      lingers,
      draining: false,
      timer: undefined,
      signal: undefined,
    };
    this.#entries.set(id, entry);
    this.restartTimer(entry);
    if (signal !== undefined) this.#aborts.watch(signal, entry);
    return entry;
  }

  /** Restarts the entry's timeout (lists restart it with every item). */
  restartTimer(entry: PendingEntry): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    // Timers cannot wait longer than 2^31 - 1 ms (they would fire at once); that is ~24.8 days anyway.
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        if (entry.draining) {
          this.finish(entry);
          return;
        }
        const what = entry.phase === "queued" ? "while waiting for a connection" : "waiting for its answer";
        this.fail(
          entry,
          new AmiTimeoutError(
            `${entry.action} (ActionID ${entry.id}) timed out after ${entry.timeout} ms ${what}`,
            entry.timeout,
            entry.action,
            entry.id,
          ),
        );
      },
      Math.min(entry.timeout, MAX_TIMER),
    );
  }

  /** Removes a finished entry and releases its timer and listener. Idempotent. */
  finish(entry: PendingEntry): boolean {
    if (this.#entries.get(entry.id) !== entry) return false;
    this.#entries.delete(entry.id);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
    this.#aborts.unwatch(entry);
    entry.bytes = undefined;
    return true;
  }

  /**
   * Ends an entry with an error (if it is still pending). With `linger` (timeouts, aborts), a list entry
   * already on the wire stays to swallow the rest of its list; connection loss and close pass `false`.
   */
  fail(entry: PendingEntry, error: Error, linger = true): void {
    if (this.#entries.get(entry.id) !== entry || entry.draining) {
      if (!linger) this.finish(entry);
      return;
    }
    if (linger && this.#drain(entry)) entry.behaviour.fail(error);
    else if (this.finish(entry)) entry.behaviour.fail(error);
  }

  /** The caller lost interest (unsubscribed): end the entry without telling it anything. */
  abandon(entry: PendingEntry): void {
    if (this.#entries.get(entry.id) !== entry || entry.draining) return;
    if (!this.#drain(entry)) this.finish(entry);
  }

  /** Turns a list entry on the wire into a draining one; `false` if it cannot linger. */
  #drain(entry: PendingEntry): boolean {
    if (!entry.lingers || (entry.phase !== "sent" && entry.phase !== "listing")) return false;
    entry.draining = true;
    this.#aborts.unwatch(entry);
    this.restartTimer(entry);
    return true;
  }

  /** Routes an answer to its entry; returns whether it matched one. */
  routeResponse(packet: AmiPacket, connection: object): boolean {
    const id = packet.actionId;
    if (id === undefined) return false;
    const entry = this.#entries.get(id);
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
    const id = packet.actionId;
    if (id === undefined) return false;
    const entry = this.#entries.get(id);
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
