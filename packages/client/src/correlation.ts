/**
 * The pending-action table: every action the client has issued and not yet finished, keyed by ActionID.
 * The table owns a request's whole life; the outbox, the offline queue and the behaviours ask it for
 * each step rather than changing an entry themselves:
 *
 * ```text
 * add ──► queued ──send──► sent ──written──► (on the wire)
 *                                   │ answer: the behaviour's ResponseVerdict
 *                                   ├─ "settled" ───────────────► finished
 *                                   ├─ "listing" ──► items … end-of-list ──► finished
 *                                   └─ "awaiting-event" ──► outcome event ──► finished
 * any phase ── timeout / abort / connection lost / close ──► failed (a list on the wire may linger)
 * ```
 *
 * An entry ends exactly once — by its answer, its timeout, its AbortSignal, the loss of its connection
 * or `close()` — and when it ends its timer, its abort listener and its map entry go with it.
 */
import type { AmiPacket } from "@amikit/codec";
import { Deadlines } from "./deadlines.ts";
import { AmiAbortError, AmiTimeoutError, AmiValidationError } from "./errors.ts";
import { closesList, isErrorResponse, opensList } from "./lists.ts";

/**
 * Where an entry is: waiting in the offline queue, handed to a connection (in its outbox until its text
 * is written, then on the wire) and awaiting its answer, receiving list items, or awaiting a follow-up
 * event (async Originate).
 *
 * @internal
 */
export type PendingPhase = "queued" | "sent" | "listing" | "awaiting-event";

/**
 * What a behaviour makes of an action's answer: the request is over (`"settled"`), a list follows
 * (`"listing"`: its items carry the ActionID, the timeout restarts with each), or an event will bring
 * the outcome (`"awaiting-event"`, an async Originate).
 *
 * @internal
 */
export type ResponseVerdict = "settled" | "listing" | "awaiting-event";

/**
 * What a behaviour makes of an event carrying its ActionID: not its business (`"pass"`, the event goes
 * to `events$`), a list item (`"item"`, kept from `events$`, the timeout restarts), the list's closing
 * event (`"end-of-list"`, kept from `events$`, the request is over), or the event that settles the
 * request and still goes to `events$` (`"outcome"`).
 *
 * @internal
 */
export type EventVerdict = "pass" | "item" | "end-of-list" | "outcome";

/**
 * What an entry does with what arrives for it. It reads the entry; the table applies the verdict.
 *
 * @internal
 */
export interface PendingBehaviour {
  /** The answer to the action arrived. */
  response(packet: AmiPacket, entry: PendingEntry): ResponseVerdict;
  /** An event carrying this entry's ActionID arrived. */
  event?(packet: AmiPacket, entry: PendingEntry): EventVerdict;
  /** The entry failed (timeout, abort, connection loss, close). Called at most once, after removal. */
  fail(error: Error): void;
}

/** What {@link PendingTable.add} needs to start a request. @internal */
export interface PendingRequest {
  readonly id: string;
  readonly action: string;
  /** The packet's wire text (absent for an entry that is never written, in tests). */
  readonly text: string | undefined;
  /** Milliseconds until it fails with `AmiTimeoutError` (restarted by list items). */
  readonly timeout: number;
  /**
   * What it does with what arrives. An {@link AnswerEntry} (a one-answer action's) becomes the entry
   * itself: one object per action in flight instead of two.
   */
  readonly behaviour: PendingBehaviour;
  /** The caller's signal: aborting it fails the entry with `AmiAbortError`. */
  readonly signal?: AbortSignal | undefined;
  /** A list: after a timeout, abort or unsubscribe mid-answer it lingers to swallow the rest. */
  readonly lingers?: boolean | undefined;
}

/** One issued action, as others see it (only the table changes it). @internal */
export interface PendingEntry {
  readonly id: string;
  /** The key of the entry in the table (see {@link PendingTable.keyOf}). */
  readonly key: number | string;
  readonly action: string;
  /** The packet's wire text; released once written. */
  readonly text: string | undefined;
  readonly phase: PendingPhase;
  /** The connection (any identity object) the action was handed to. */
  readonly connection: object | undefined;
  readonly timeout: number;
  /**
   * A list entry that timed out, was aborted or unsubscribed mid-answer lingers (until its closing event
   * or one more timeout) to swallow the rest of its list, so those items do not spill into `events$`.
   */
  readonly lingers: boolean;
  /** Lingering: its caller has been answered; it only swallows the rest of the list. */
  readonly draining: boolean;
}

/** The phases, by their index in an entry's state. */
const PHASES: readonly PendingPhase[] = ["queued", "sent", "listing", "awaiting-event"];
const PHASE_BITS = 3;
const LINGERS = 4;
const DRAINING = 8;
/** Its behaviour takes events (lists, Originate). */
const TAKES_EVENTS = 16;

/**
 * What the entries of one action name and timeout share: its name, its timeout and the table's ActionID
 * prefix, in one object the table keeps per action name (one slot per entry instead of three).
 */
class Kind {
  readonly action: string;
  readonly timeout: number;
  /** The table's ActionID prefix (an entry's ActionID is `prefix + key` when its key is a number). */
  readonly prefix: string;

  constructor(action: string, timeout: number, prefix: string) {
    this.action = action;
    this.timeout = timeout;
    this.prefix = prefix;
  }
}

/** The kind of an entry not yet added. */
const UNSET = new Kind("", 0, "");

/** Action names whose {@link Kind} a table keeps (beyond, each entry gets its own). */
const MAX_KINDS = 256;

/**
 * A {@link PendingEntry} that is also its own {@link PendingBehaviour}: a one-answer action's entry
 * holds the few slots its answer needs (see `PromiseAnswer` in behaviours.ts), so that the common path
 * (Ping, Originate, …) allocates one object per action, not an entry and a behaviour. The client's own
 * ActionID is not kept as a string (it is `prefix + key`, made again when a message needs it).
 *
 * @internal
 */
export abstract class AnswerEntry implements PendingEntry, PendingBehaviour {
  /** Set by the table when added. */
  key: number | string = 0;
  /** Its action name, timeout and the table's ActionID prefix. */
  kind: Kind = UNSET;
  text: string | undefined = undefined;
  connection: object | undefined = undefined;
  /**
   * The phase (index in {@link PHASES}), `lingers`, `draining` and whether it takes events, in one small
   * integer: one slot instead of four.
   */
  #state = 0;
  /** When its timeout expires (see {@link Deadlines}); -1 once it no longer waits. */
  deadline = -1;

  abstract response(packet: AmiPacket, entry: PendingEntry): ResponseVerdict;
  abstract fail(error: Error): void;

  /** An event carrying its ActionID arrived (only called if {@link takesEvents}). */
  routeEvent(_packet: AmiPacket): EventVerdict {
    return "pass";
  }

  /** Whether events carrying its ActionID are its business. */
  takesEvents(): boolean {
    return false;
  }

  /** Called by the table when it adds the entry. */
  init(key: number | string, kind: Kind, text: string | undefined, lingers: boolean): void {
    this.key = key;
    this.kind = kind;
    this.text = text;
    this.#state = (lingers ? LINGERS : 0) | (this.takesEvents() ? TAKES_EVENTS : 0);
  }

  get action(): string {
    return this.kind.action;
  }

  get timeout(): number {
    return this.kind.timeout;
  }

  get phase(): PendingPhase {
    return PHASES[this.#state & PHASE_BITS] as PendingPhase;
  }

  set phase(phase: PendingPhase) {
    this.#state = (this.#state & ~PHASE_BITS) | PHASES.indexOf(phase);
  }

  /** `phase === "sent"`, without the lookup. */
  get awaitingAnswer(): boolean {
    return (this.#state & PHASE_BITS) === 1;
  }

  get lingers(): boolean {
    return (this.#state & LINGERS) !== 0;
  }

  get draining(): boolean {
    return (this.#state & DRAINING) !== 0;
  }

  /** Takes events, or lingers (and may swallow list items): counted in the table's event takers. */
  get mayTakeEvents(): boolean {
    return (this.#state & (TAKES_EVENTS | LINGERS)) !== 0;
  }

  /** Lingering from now on (see {@link PendingEntry.draining}). */
  drain(): void {
    this.#state |= DRAINING;
  }

  get id(): string {
    const key = this.key;
    return typeof key === "number" ? `${this.kind.prefix}${key}` : key;
  }
}

/** The entry of a request whose behaviour is a separate object (lists, Command, Originate, the session's own). */
class Entry extends AnswerEntry {
  readonly behaviour: PendingBehaviour;

  constructor(behaviour: PendingBehaviour) {
    super();
    this.behaviour = behaviour;
  }

  response(packet: AmiPacket): ResponseVerdict {
    return this.behaviour.response(packet, this);
  }

  override routeEvent(packet: AmiPacket): EventVerdict {
    return this.behaviour.event === undefined ? "pass" : this.behaviour.event(packet, this);
  }

  fail(error: Error): void {
    this.behaviour.fail(error);
  }

  override takesEvents(): boolean {
    return this.behaviour.event !== undefined;
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
  readonly #entries = new Map<number | string, AnswerEntry>();
  readonly #prefix: string;
  /** The {@link Kind} of each action name, with the timeout it had first. */
  readonly #kinds = new Map<string, Kind>();
  /** Entries that may take events (lists, lingering lists, Originate): events need no lookup while there is none. */
  #eventTakers = 0;
  readonly #aborts = new AbortWatch<AnswerEntry>((entry, signal) =>
    this.fail(entry, new AmiAbortError(`${entry.action} aborted`, entry.action, signal.reason)),
  );
  readonly #deadlines = new Deadlines<AnswerEntry>(
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

  // ── transitions ──────────────────────────────────────────────────────────────────────────────

  /**
   * Starts a request (phase `queued`): adds its entry and starts its timeout and abort listener.
   * Returns `undefined` (and fails the request) if its signal has already fired, or if its ActionID is
   * already in use: a pending entry is never replaced, so every action ends.
   */
  add(request: PendingRequest): PendingEntry | undefined {
    const { id, action, behaviour, signal } = request;
    if (signal?.aborted) {
      behaviour.fail(new AmiAbortError(`${action} aborted`, action, signal.reason));
      return undefined;
    }
    const key = this.keyOf(id);
    if (this.#entries.has(key)) {
      behaviour.fail(new AmiValidationError(`${action}: ActionID "${id}" is already in flight`, action));
      return undefined;
    }
    const entry = behaviour instanceof AnswerEntry ? behaviour : new Entry(behaviour);
    entry.init(key, this.#kind(action, request.timeout), request.text, request.lingers === true);
    this.#entries.set(key, entry);
    if (entry.mayTakeEvents) this.#eventTakers++;
    this.#deadlines.start(entry);
    if (signal !== undefined) this.#aborts.watch(signal, entry);
    return entry;
  }

  /** `queued` → `sent`: the entry is handed to `connection` (its outbox), whose answers it takes. */
  send(entry: PendingEntry, connection: object): void {
    const sending = entry as AnswerEntry;
    sending.phase = "sent";
    sending.connection = connection;
  }

  /** The entry's text went to the transport: it is on the wire, and its text is released. */
  written(entry: PendingEntry): void {
    (entry as AnswerEntry).text = undefined;
  }

  /** `sent` → `listing`: the answer opened a list; the timeout restarts (as with every item). */
  listing(entry: PendingEntry): void {
    (entry as AnswerEntry).phase = "listing";
    this.#deadlines.start(entry as AnswerEntry);
  }

  /** Restarts the entry's timeout (lists restart it with every item). */
  restartTimer(entry: PendingEntry): void {
    this.#deadlines.start(entry as AnswerEntry);
  }

  /** Settles an entry: removes it and releases its deadline and listener. Idempotent. */
  finish(entry: PendingEntry): boolean {
    const ending = entry as AnswerEntry;
    if (this.#entries.get(ending.key) !== ending) return false;
    this.#entries.delete(ending.key);
    if (ending.mayTakeEvents) this.#eventTakers--;
    this.#deadlines.stop(ending);
    this.#aborts.unwatch(ending);
    const text = ending.text;
    ending.text = undefined;
    if (text !== undefined) this.onUnwritten?.(ending, text);
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
    if (linger && this.#drain(entry as AnswerEntry)) (entry as AnswerEntry).fail(error);
    else if (this.finish(entry)) (entry as AnswerEntry).fail(error);
  }

  /** The caller lost interest (unsubscribed): end the entry without telling it anything. */
  abandon(entry: PendingEntry): void {
    if (this.#entries.get(entry.key) !== entry || entry.draining) return;
    if (!this.#drain(entry as AnswerEntry)) this.finish(entry);
  }

  #expired(entry: AnswerEntry): void {
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

  /** Turns a list entry on the wire into a draining one; `false` if it cannot linger. */
  #drain(entry: AnswerEntry): boolean {
    // Not yet written (its text still waits in the outbox): no answer can come, nothing to swallow.
    if (!entry.lingers || (entry.phase !== "sent" && entry.phase !== "listing") || entry.text !== undefined)
      return false;
    entry.drain();
    this.#aborts.unwatch(entry);
    this.#deadlines.start(entry);
    return true;
  }

  /** The {@link Kind} of an action with this name and timeout (kept per name, for its first timeout). */
  #kind(action: string, timeout: number): Kind {
    const kind = this.#kinds.get(action);
    if (kind !== undefined && kind.timeout === timeout) return kind;
    const fresh = new Kind(action, timeout, this.#prefix);
    if (kind === undefined && this.#kinds.size < MAX_KINDS) this.#kinds.set(action, fresh);
    return fresh;
  }

  // ── what arrives ─────────────────────────────────────────────────────────────────────────────

  /** Routes an answer to its entry and applies its behaviour's verdict; returns whether it matched one. */
  routeResponse(packet: AmiPacket, connection: object): boolean {
    const id = packet.actionId;
    if (id === undefined) return false;
    const entry = this.#entries.get(this.keyOf(id));
    if (entry === undefined || entry.connection !== connection || !entry.awaitingAnswer) return false;
    if (entry.draining) {
      if (!isErrorResponse(packet) && opensList(packet)) this.listing(entry);
      else this.finish(entry);
      return true;
    }
    const verdict = entry.response(packet, entry);
    if (verdict === "settled") this.finish(entry);
    // The answer's handler may have ended the entry meanwhile; an ended entry takes no new phase.
    else if (this.#entries.get(entry.key) !== entry) return true;
    else if (verdict === "listing") this.listing(entry);
    else entry.phase = "awaiting-event";
    return true;
  }

  /**
   * Routes an event carrying an ActionID and applies its behaviour's verdict; returns whether the event
   * is consumed (not for `events$`).
   */
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
      else this.#deadlines.start(entry);
      return true;
    }
    if (!entry.takesEvents()) return false;
    switch (entry.routeEvent(packet)) {
      case "pass":
        return false;
      case "item":
        // The item's handler may have ended the entry (its caller unsubscribed, say).
        if (this.#entries.get(entry.key) === entry) this.#deadlines.start(entry);
        return true;
      case "end-of-list":
        this.finish(entry);
        return true;
      case "outcome":
        this.finish(entry);
        return false;
    }
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
export class AbortWatch<T extends object> {
  readonly #watched = new Map<AbortSignal, { readonly entries: Set<T>; readonly listener: () => void }>();
  /** The signal of each watched entry (kept here, not on the entry: most actions have none). */
  readonly #signals = new Map<T, AbortSignal>();
  readonly #aborted: (entry: T, signal: AbortSignal) => void;

  /** `aborted` is called for each entry (in the order they were watched) when its signal fires. */
  constructor(aborted: (entry: T, signal: AbortSignal) => void) {
    this.#aborted = aborted;
  }

  /** Signals listened to right now (for tests and diagnostics). */
  get size(): number {
    return this.#watched.size;
  }

  /** Fails `entry` when `signal` fires (the signal must not have fired yet). */
  watch(signal: AbortSignal, entry: T): void {
    this.#signals.set(entry, signal);
    const watched = this.#watched.get(signal);
    if (watched !== undefined) {
      watched.entries.add(entry);
      return;
    }
    const entries = new Set<T>([entry]);
    const listener = () => {
      this.#watched.delete(signal);
      for (const aborted of [...entries]) {
        this.#signals.delete(aborted);
        this.#aborted(aborted, signal);
      }
      entries.clear();
    };
    this.#watched.set(signal, { entries, listener });
    signal.addEventListener("abort", listener, { once: true });
  }

  /** Stops listening for `entry`; removes the signal's listener with its last entry. Idempotent. */
  unwatch(entry: T): void {
    if (this.#signals.size === 0) return;
    const signal = this.#signals.get(entry);
    if (signal === undefined) return;
    this.#signals.delete(entry);
    const watched = this.#watched.get(signal);
    if (watched === undefined) return;
    watched.entries.delete(entry);
    if (watched.entries.size > 0) return;
    this.#watched.delete(signal);
    signal.removeEventListener("abort", watched.listener);
  }
}
