/**
 * The request engine of one client: checks and encodes an action, registers it in the pending table,
 * then hands it to the outbox (logged in) or the offline queue (connecting, reconnecting), or fails it.
 * The session uses it for its own actions (Login, filters, keepalive Ping, Logoff) and tells it when a
 * connection is ready or lost; it routes what arrives to the pending actions.
 */
import { type AmiFieldValue, type AmiPacket, formatAction } from "@amikit/codec";
import type { Connection } from "./connection.ts";
import { createActionIds, type PendingBehaviour, type PendingEntry, PendingTable } from "./correlation.ts";
import { AmiClosedError, AmiConnectionError, AmiValidationError } from "./errors.ts";
import { shortQuote } from "./greeting.ts";
import { OfflineQueue } from "./offline-queue.ts";
import { describeGiven } from "./option-checks.ts";
import type { ResolvedOptions } from "./options.ts";
import { Outbox } from "./outbox.ts";
import type { AmiActionOptions, AmiClientState } from "./types.ts";
import { asError, redactEncodeError, validateParams } from "./validate.ts";

/** What the requests need to know of the session. @internal */
export interface SessionView {
  /** The logged-in connection user actions are written to; `undefined` while not connected. */
  readonly ready: Connection | undefined;
  /** `close()` was called. */
  readonly closing: boolean;
  /** The public state (whether an action may wait for a connection, and why not). */
  readonly state: AmiClientState;
}

/** How {@link Requests.submit} treats one action. @internal */
export interface SubmitSettings {
  /** Check the parameters against the action's definition (when the client's `validate` is on). */
  readonly validate: boolean;
  /** The caller's own ActionID (`send()`); a generated one otherwise. */
  readonly actionId?: string;
  /** A list: it lingers after a timeout or abort to swallow the rest (see {@link PendingEntry.lingers}). */
  readonly lingers?: boolean;
}

/** The actions of one client, from submission to their end. @internal */
export class Requests {
  readonly #options: ResolvedOptions;
  readonly #session: SessionView;
  readonly #table: PendingTable;
  /** Actions issued while not connected. */
  readonly #queue: OfflineQueue;
  /** Coalesces each tick's writes. */
  readonly #outbox: Outbox;
  readonly #nextId: () => string;

  constructor(options: ResolvedOptions, session: SessionView) {
    this.#options = options;
    this.#session = session;
    this.#nextId = createActionIds(options.actionIdPrefix);
    this.#table = new PendingTable(options.actionIdPrefix);
    this.#queue = new OfflineQueue(this.#table, options.offlineQueue);
    this.#outbox = new Outbox(this.#table, options.maxWriteQueueBytes);
  }

  /** Unfinished actions, queued ones included. */
  get size(): number {
    return this.#table.size;
  }

  /** The caller lost interest in `entry` (unsubscribed). */
  abandon(entry: PendingEntry): void {
    this.#table.abandon(entry);
  }

  /**
   * Registers a user action: validates and encodes it, then writes it now (connected), queues it
   * (connecting or reconnecting) or fails it. Returns the entry, or `undefined` if it already failed.
   */
  submit(
    action: string,
    params: Readonly<Record<string, AmiFieldValue>> | undefined,
    options: AmiActionOptions | undefined,
    behaviour: PendingBehaviour,
    settings: SubmitSettings,
  ): PendingEntry | undefined {
    try {
      if (typeof action !== "string" || action === "") {
        throw new AmiValidationError(
          `the action name must be a non-empty string (got ${describeGiven(action)})`,
        );
      }
      const session = this.#session;
      if (session.closing) throw new AmiClosedError(`${action}: the client is closed`);
      const timeout = options?.timeout ?? this.#options.actionTimeout;
      if (!(typeof timeout === "number" && timeout > 0)) {
        throw new AmiValidationError(
          `${action}: timeout must be a positive number of milliseconds (got ${describeGiven(timeout)})`,
          action,
        );
      }
      const signal: unknown = options?.signal;
      if (signal !== undefined && !isAbortSignal(signal)) {
        throw new AmiValidationError(
          `${action}: signal must be an AbortSignal (got ${describeGiven(signal)})`,
          action,
        );
      }
      if (action.length === 6 && action.toLowerCase() === "logoff") {
        throw new AmiValidationError(
          `${action}: use client.close() to log off (a Logoff sent as an action ends the session, and the client would reconnect)`,
          action,
        );
      }
      if (settings.validate && this.#options.validate) validateParams(action, params);
      const ownId = settings.actionId;
      // A generated ActionID is free by construction (#freshId); only a caller's own needs the check.
      const id = ownId ?? this.#freshId();
      if (ownId !== undefined && this.#table.has(id)) {
        throw new AmiValidationError(
          `${action}: ActionID ${shortQuote(id)} is already in flight (in use by another pending action); nothing was sent`,
          action,
        );
      }
      let text: string;
      try {
        text = formatAction(action, params, id);
      } catch (error) {
        throw redactEncodeError(error, action);
      }
      const whenDisconnected = options?.whenDisconnected;
      if (whenDisconnected !== undefined && whenDisconnected !== "queue" && whenDisconnected !== "fail") {
        throw new AmiValidationError(`${action}: whenDisconnected must be "queue" or "fail"`, action);
      }
      if (session.ready === undefined) this.#checkQueueRoom(action, whenDisconnected);
      const entry = this.#table.add({
        id,
        action,
        text,
        timeout,
        behaviour,
        signal: options?.signal,
        lingers: settings.lingers,
        generated: ownId === undefined,
      });
      if (entry === undefined) return undefined;
      const connection = session.ready;
      if (connection !== undefined) this.#outbox.push(entry, connection, true);
      else this.#queue.push(entry);
      return entry;
    } catch (error) {
      behaviour.fail(asError(error));
      return undefined;
    }
  }

  /**
   * Sends one of the client's own actions (login, filters, keepalive, logoff) on `connection`, past the
   * offline queue and the write bound (they are small, and a keepalive Ping must still go out); `signal`
   * (the connect attempt's) ends it early.
   */
  request(
    connection: Connection,
    action: string,
    fields: Readonly<Record<string, AmiFieldValue>>,
    timeout: number,
    signal?: AbortSignal,
  ): Promise<AmiPacket> {
    return new Promise((resolve, reject) => {
      const id = this.#freshId();
      let text: string;
      try {
        text = formatAction(action, fields, id);
      } catch (error) {
        reject(redactEncodeError(error, action));
        return;
      }
      const behaviour: PendingBehaviour = {
        response: (packet) => {
          resolve(packet);
          return "settled";
        },
        fail: reject,
      };
      const entry = this.#table.add({ id, action, text, timeout, behaviour, signal, generated: true });
      if (entry !== undefined) this.#outbox.push(entry, connection, false);
    });
  }

  /** Logged in on `connection`: the actions waiting in the offline queue go out, in order. */
  flushQueue(connection: Connection): void {
    this.#queue.drain((entry) => this.#outbox.push(entry, connection, true));
  }

  /** Fails every action waiting in the offline queue (the client closed or gave up connecting). */
  failQueued(error: (entry: PendingEntry) => Error): void {
    this.#queue.failAll(error);
  }

  /** Fails every pending action (`close()`), without lingering. */
  failAll(error: Error): void {
    for (const entry of this.#table.snapshot()) this.#table.fail(entry, error, false);
  }

  /** Fails the actions handed to `connection`, which ended. */
  failOn(connection: Connection, error: (entry: PendingEntry) => Error): void {
    for (const entry of this.#table.snapshot()) {
      if (!this.#table.handedTo(entry, connection)) continue;
      this.#table.fail(entry, error(entry), false);
    }
  }

  /** Routes an answer to its action. */
  routeResponse(packet: AmiPacket, connection: Connection): void {
    this.#table.routeResponse(packet, connection);
  }

  /** Routes an event carrying an ActionID; returns whether an action consumed it (kept from `events$`). */
  routeEvent(packet: AmiPacket, connection: Connection): boolean {
    return this.#table.routeEvent(packet, connection);
  }

  /** Throws unless an action may wait for a connection now (`mode`: its `whenDisconnected`). */
  #checkQueueRoom(action: string, mode: "queue" | "fail" | undefined): void {
    const { status, error } = this.#session.state;
    const trying = status === "connecting" || status === "authenticating" || status === "reconnecting";
    if (!trying) {
      throw new AmiConnectionError(
        status === "idle"
          ? `${action}: not connected (call connect() first)`
          : `${action}: not connected${error ? ` (${error.message})` : ""}`,
        { cause: error },
      );
    }
    this.#queue.checkRoom(action, status, mode);
  }

  /**
   * The next generated ActionID not in use: with `actionIdPrefix: ""` a caller's own ActionID (`send()`)
   * can equal a generated one, and taking it would replace the caller's pending action.
   */
  #freshId(): string {
    let id = this.#nextId();
    // Generated ActionIDs never repeat: only a caller's numeric one can be in the way.
    if (this.#table.callerNumbers === 0) return id;
    while (this.#table.has(id)) id = this.#nextId();
    return id;
  }
}

/** Whether `value` can be used as an AbortSignal (has `aborted` and `addEventListener`). */
function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AbortSignal).aborted === "boolean" &&
    typeof (value as AbortSignal).addEventListener === "function" &&
    typeof (value as AbortSignal).removeEventListener === "function"
  );
}
