/**
 * `createClient` and the `AmiClient` it returns: connection life cycle, login, correlation, lists,
 * events, reconnect and keepalive, over any `AmiTransport`.
 */
import { type AmiFieldValue, type AmiPacket, formatAction } from "@amikit/codec";
import type { ActionResponse, EventOf, ListItemEvent } from "@amikit/definitions";
import { formatTarget } from "@amikit/transport";
import { BehaviorSubject, Observable } from "rxjs";
import type { AmiClient } from "./ami-client.ts";
import { commandOutput, listAnswer, originateOutcome, SingleAnswer, singleAnswer } from "./behaviours.ts";
import { Connection, type ConnectionListener } from "./connection.ts";
import { createActionIds, type PendingBehaviour, type PendingEntry, PendingTable } from "./correlation.ts";
import {
  AmiAbortError,
  AmiAuthError,
  AmiClosedError,
  AmiConnectionError,
  AmiTimeoutError,
  AmiValidationError,
} from "./errors.ts";
import { EventHub } from "./events.ts";
import { shortQuote } from "./greeting.ts";
import { Keepalive } from "./keepalive.ts";
import { login } from "./login.ts";
import { MAX_TIMER } from "./max-timer.ts";
import { OfflineQueue } from "./offline-queue.ts";
import { ofEvent } from "./operators.ts";
import { describeGiven } from "./option-checks.ts";
import { type AmiClientOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import { Outbox } from "./outbox.ts";
import { backoffDelay } from "./reconnect.ts";
import { denoInspect, REDACTED, redactedInspect } from "./redact.ts";
import { SessionSettings } from "./session-settings.ts";
import type {
  AmiActionArgs,
  AmiActionOptions,
  AmiClientState,
  AmiConnectOptions,
  AmiEvent,
  AmiEventReader,
  AmiEventReaderOptions,
  AmiLagged,
  AmiListResult,
  AmiOriginateParams,
  AmiOriginateResponse,
  AmiResponse,
} from "./types.ts";
import { asError, fieldValue, redactEncodeError, validateParams } from "./validate.ts";

export type { AmiClient } from "./ami-client.ts";

/**
 * Creates an AMI client. Nothing happens on the network until `connect()`.
 *
 * ```ts
 * const client = createClient({ transport: nodeTransport(), host: "pbx", username: "admin", secret });
 * await client.connect();
 * const { Ping } = await client.action("Ping");
 * ```
 *
 * @throws {AmiValidationError} the options are invalid (the message never contains the secret).
 */
export function createClient(options: AmiClientOptions): AmiClient {
  return new Client(resolveOptions(options));
}

class Client implements AmiClient {
  readonly #options: ResolvedOptions;
  readonly #table: PendingTable;
  /** Actions issued while not connected. */
  readonly #queue: OfflineQueue;
  readonly #hub = new EventHub();
  readonly #state = new BehaviorSubject<AmiClientState>({ status: "idle" });
  readonly #nextId: () => string;
  readonly #listener: ConnectionListener;
  /** Aborted by `close()`: cancels connecting and reconnect waits. */
  readonly #lifecycle = new AbortController();
  #connection: Connection | undefined;
  /** Coalesces each tick's writes. */
  readonly #outbox: Outbox;
  /** Logged in on `#connection` and open to user actions. */
  #ready = false;
  /** Event mask and filters to restore after a reconnect. */
  readonly #settings: SessionSettings;
  #establishing: Promise<void> | undefined;
  #reconnecting: Promise<void> | undefined;
  #keepalive: Keepalive | undefined;
  #closing: Promise<void> | undefined;
  /**
   * Reconnect attempts since the last stable connection (one that stayed logged in for
   * `reconnect.stableAfter`): the backoff grows with it, so a server that accepts the login and then
   * drops sees ever longer waits instead of a login every `initialDelay`.
   */
  #attempts = 0;
  /** Resets {@link Client.#attempts} once the current connection has proven stable. */
  #stableTimer: ReturnType<typeof setTimeout> | undefined;

  readonly state$: Observable<AmiClientState>;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#nextId = createActionIds(options.actionIdPrefix);
    this.#table = new PendingTable(options.actionIdPrefix);
    this.#settings = new SessionSettings(options.eventMask);
    this.#queue = new OfflineQueue(this.#table, options.offlineQueue);
    this.#outbox = new Outbox(this.#table, options.maxWriteQueueBytes);
    this.state$ = this.#state.asObservable();
    this.#listener = {
      packet: (connection, packet) => this.#onPacket(connection, packet),
      closed: (connection, error) => this.#onClosed(connection, error),
    };
  }

  get state(): AmiClientState {
    return this.#state.value;
  }

  get events$(): Observable<AmiEvent> {
    return this.#hub.events$;
  }

  get lagged$(): Observable<AmiLagged> {
    return this.#hub.lagged$;
  }

  get pendingActions(): number {
    return this.#table.size;
  }

  get greeting(): string | undefined {
    return this.#ready ? this.#connection?.greeting : undefined;
  }

  // ── life cycle ────────────────────────────────────────────────────────────────────────────────

  connect(options?: AmiConnectOptions): Promise<void> {
    const signal = options?.signal;
    if (this.#closing !== undefined) return Promise.reject(new AmiClosedError("the client is closed"));
    if (this.#ready) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(connectAborted(signal));
    // Joining an attempt already under way: the signal lets this caller stop waiting, not the attempt.
    if (this.#reconnecting !== undefined) return abortable(this.#whenConnected(), signal);
    if (this.#establishing !== undefined) return abortable(this.#establishing, signal);
    // The caller starts afresh: the reconnect backoff and its maxAttempts count from here.
    this.#attempts = 0;
    const attempt = this.#establish(signal).then(
      () => {
        this.#establishing = undefined;
      },
      (error: unknown) => {
        this.#establishing = undefined;
        const reason = asError(error);
        if (this.#closing === undefined) this.#setClosed(reason);
        throw this.#closing === undefined
          ? reason
          : new AmiClosedError("the client was closed while connecting", { cause: reason });
      },
    );
    this.#establishing = attempt;
    return attempt;
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const closed = new AmiClosedError("the client was closed");
    this.#lifecycle.abort(closed);
    this.#clearStableTimer();
    this.#keepalive?.stop();
    this.#keepalive = undefined;
    this.#queue.failAll(() => closed);
    const connection = this.#connection;
    if (connection !== undefined && this.#ready && !connection.ended) {
      // Answers that arrive before the Goodbye still resolve their actions.
      await this.#request(connection, "Logoff", {}, this.#options.closeTimeout).catch(() => {});
    }
    this.#ready = false;
    for (const entry of this.#table.snapshot()) this.#table.fail(entry, closed, false);
    if (connection !== undefined) {
      this.#connection = undefined;
      await connection.close();
    }
    await Promise.allSettled([this.#establishing, this.#reconnecting]);
    // One `closed` per close: after a failed connect or a given-up reconnect the state already is
    // `closed` (with its error), and stays so.
    if (this.#state.value.status !== "closed") this.#state.next({ status: "closed" });
    this.#state.complete();
    this.#hub.end();
  }

  /**
   * Opens a connection, logs in, restores filters, then flushes the offline queue — all within
   * `connectTimeout` (one deadline for socket, greeting, Challenge, Login and filters). Past it, rejects
   * with `AmiConnectionError` whose cause is an `AmiTimeoutError` naming the phase; when `signal`
   * aborts, with `AmiAbortError`.
   */
  async #establish(signal?: AbortSignal): Promise<void> {
    const options = this.#options;
    const where = formatTarget(options.host, options.port);
    this.#setState({ status: "connecting" });
    let phase = "waiting for the connection and the AMI greeting";
    const attempt = new AbortController();
    const lifecycle = this.#lifecycle.signal;
    const onClose = () => attempt.abort(lifecycle.reason);
    const onAbort = () => attempt.abort(connectAborted(signal as AbortSignal));
    const timer = setTimeout(() => {
      attempt.abort(
        new AmiTimeoutError(
          `connect to ${where} did not finish within connectTimeout (${options.connectTimeout} ms): still ${phase}`,
          options.connectTimeout,
        ),
      );
    }, options.connectTimeout);
    lifecycle.addEventListener("abort", onClose, { once: true });
    signal?.addEventListener("abort", onAbort, { once: true });
    if (lifecycle.aborted) onClose();
    const failure = (error: unknown): unknown => {
      const reason: unknown = attempt.signal.reason;
      if (reason instanceof AmiAbortError) return reason;
      if (
        reason instanceof AmiTimeoutError &&
        !(error instanceof AmiConnectionError && error.cause === reason)
      )
        return new AmiConnectionError(`cannot connect to ${where}: ${reason.message}`, { cause: reason });
      return error;
    };
    try {
      const target =
        options.tls === undefined
          ? { host: options.host, port: options.port }
          : { host: options.host, port: options.port, tls: options.tls };
      let connection: Connection;
      try {
        connection = await Connection.open({
          transport: options.transport,
          target,
          connectTimeout: options.connectTimeout,
          maxPacketBytes: options.maxPacketBytes,
          maxPacketFields: options.maxPacketFields,
          greeting: options.greeting,
          signal: attempt.signal,
          listener: this.#listener,
        });
      } catch (error) {
        throw failure(error);
      }
      if (this.#closing !== undefined) {
        await connection.close();
        throw new AmiClosedError("the client was closed while connecting");
      }
      this.#connection = connection;
      this.#setState({ status: "authenticating" });
      try {
        const request = (action: string, fields: Readonly<Record<string, AmiFieldValue>>) => {
          phase = `waiting for the answer to ${action}`;
          return this.#request(connection, action, fields, options.actionTimeout, attempt.signal);
        };
        await login(request, {
          credentials: options.credentials,
          authType: options.authType,
          eventMask: this.#settings.eventMask,
        });
        // All filters go out in one write right after the Login answer, so events reach the new session
        // unfiltered for one round trip at most (not one per filter). A filter that Asterisk accepted
        // before but refuses now is not worth failing the session over.
        await Promise.all(
          this.#settings.filters.map((filter) => request("Filter", { Operation: "Add", Filter: filter })),
        );
        if (connection.ended) throw new AmiConnectionError("the AMI connection closed during login");
        if (this.#closing !== undefined) throw new AmiClosedError("the client was closed while logging in");
      } catch (error) {
        if (this.#connection === connection) this.#connection = undefined;
        await connection.close();
        throw failure(error);
      }
      this.#ready = true;
      this.#setState({ status: "connected" });
      // A state$ subscriber may have closed the client, or the connection dropped, meanwhile.
      if (!this.#ready || this.#connection !== connection) return;
      this.#startStableTimer();
      this.#startKeepalive(connection);
      this.#queue.drain((entry) => this.#write(entry, connection));
    } finally {
      clearTimeout(timer);
      lifecycle.removeEventListener("abort", onClose);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Counts the connection as stable (resets the backoff) once it has stayed up for `stableAfter`. */
  #startStableTimer(): void {
    const policy = this.#options.reconnect;
    this.#clearStableTimer();
    if (policy === undefined) return;
    if (policy.stableAfter <= 0) {
      this.#attempts = 0;
      return;
    }
    if (!(policy.stableAfter < MAX_TIMER)) return;
    this.#stableTimer = setTimeout(() => {
      this.#stableTimer = undefined;
      this.#attempts = 0;
    }, policy.stableAfter);
  }

  #clearStableTimer(): void {
    if (this.#stableTimer !== undefined) clearTimeout(this.#stableTimer);
    this.#stableTimer = undefined;
  }

  #startKeepalive(connection: Connection): void {
    const keepalive = this.#options.keepalive;
    if (keepalive === undefined) return;
    this.#keepalive = new Keepalive(
      keepalive.interval,
      keepalive.timeout,
      (timeout) => this.#request(connection, "Ping", {}, timeout),
      (error) => void connection.close(error),
    );
    this.#keepalive.start();
  }

  #onClosed(connection: Connection, error: Error | undefined): void {
    if (connection !== this.#connection) return;
    this.#connection = undefined;
    const wasReady = this.#ready;
    this.#ready = false;
    this.#clearStableTimer();
    this.#keepalive?.stop();
    this.#keepalive = undefined;
    const reason = error ?? new AmiConnectionError("the AMI connection was closed");
    for (const entry of this.#table.snapshot()) {
      if (entry.connection !== connection) continue;
      this.#table.fail(
        entry,
        this.#closing !== undefined
          ? new AmiClosedError(`${entry.action} (ActionID ${entry.id}) ended by close()`)
          : new AmiConnectionError(`${entry.action} (ActionID ${entry.id}) lost: ${reason.message}`, {
              cause: reason,
            }),
        false,
      );
    }
    // While connecting, `#establish` reports the failure; after `close()`, there is nothing to do.
    if (!wasReady || this.#closing !== undefined) return;
    if (this.#options.reconnect === undefined) {
      this.#setClosed(reason);
      return;
    }
    const loop = this.#reconnectLoop(reason);
    this.#reconnecting = loop;
    const settled = () => {
      if (this.#reconnecting === loop) this.#reconnecting = undefined;
    };
    loop.then(settled, settled);
  }

  /**
   * Reconnects with backoff. The attempt number continues from {@link Client.#attempts}: it restarts
   * at 1 only after a stable connection, and `maxAttempts` bounds the attempts since that one.
   */
  async #reconnectLoop(cause: Error): Promise<void> {
    const policy = this.#options.reconnect;
    if (policy === undefined) return;
    let lastError = cause;
    while (this.#attempts < policy.maxAttempts) {
      this.#attempts += 1;
      const attempt = this.#attempts;
      this.#setState({ status: "reconnecting", error: lastError, attempt });
      await this.#sleep(backoffDelay(attempt, policy, this.#options.random));
      if (this.#closing !== undefined) return;
      try {
        this.#establishing = this.#establish();
        await this.#establishing;
        return;
      } catch (error) {
        if (this.#closing !== undefined) return;
        lastError = asError(error);
        if (lastError instanceof AmiAuthError) {
          this.#setClosed(lastError);
          return;
        }
      } finally {
        this.#establishing = undefined;
      }
    }
    this.#setClosed(
      new AmiConnectionError(
        `gave up reconnecting after ${policy.maxAttempts} attempt(s) without a stable connection: ${lastError.message}`,
        { cause: lastError },
      ),
    );
  }

  /** Resolves after `ms`, or at once when the client is closed. */
  #sleep(ms: number): Promise<void> {
    const signal = this.#lifecycle.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** Resolves when the client is next `connected`; rejects when it ends up `closed`. */
  #whenConnected(): Promise<void> {
    return new Promise((resolve, reject) => {
      const subscription = this.#state.subscribe({
        next: (state) => {
          if (state.status === "connected") {
            queueMicrotask(() => subscription.unsubscribe());
            resolve();
          } else if (state.status === "closed") {
            queueMicrotask(() => subscription.unsubscribe());
            reject(state.error ?? new AmiClosedError("the client was closed"));
          }
        },
        complete: () => reject(new AmiClosedError("the client was closed")),
      });
    });
  }

  #setState(state: AmiClientState): void {
    if (!this.#state.closed) this.#state.next(state);
  }

  /** Not connected and not trying: report the error and fail whatever waits in the queue. */
  #setClosed(error: Error): void {
    this.#setState({ status: "closed", error });
    this.#queue.failAll(
      (entry) =>
        new AmiConnectionError(`${entry.action} (ActionID ${entry.id}) not sent: ${error.message}`, {
          cause: error,
        }),
    );
  }

  // ── incoming packets ─────────────────────────────────────────────────────────────────────────

  #onPacket(connection: Connection, packet: AmiPacket): void {
    if (connection !== this.#connection) return;
    if (packet.type === "response") {
      this.#table.routeResponse(packet, connection);
      return;
    }
    if (packet.type !== "event") return;
    const consumed = this.#table.routeEvent(packet, connection);
    if (!consumed || this.#options.listEventsToEventStream) this.#hub.publish(packet);
  }

  // ── sending ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Sends an internal action (login, keepalive, logoff) on a given connection, bypassing the queue;
   * `signal` (the connect attempt's) ends it early.
   */
  #request(
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
      const entry = this.#table.add({ id, action, text, timeout, behaviour, signal });
      // The client's own actions are small and always admitted (a keepalive Ping must still go out).
      if (entry !== undefined) this.#write(entry, connection, false);
    });
  }

  /**
   * Registers a user action: validates and encodes it, then writes it now (connected), queues it
   * (connecting or reconnecting) or fails it. Returns the entry, or `undefined` if it already failed.
   */
  #submit(
    action: string,
    params: Readonly<Record<string, AmiFieldValue>> | undefined,
    options: AmiActionOptions | undefined,
    behaviour: PendingBehaviour,
    settings: { readonly validate: boolean; readonly actionId?: string; readonly lingers?: boolean },
  ): PendingEntry | undefined {
    try {
      if (typeof action !== "string" || action === "") {
        throw new AmiValidationError(
          `the action name must be a non-empty string (got ${describeGiven(action)})`,
        );
      }
      if (this.#closing !== undefined) throw new AmiClosedError(`${action}: the client is closed`);
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
      const id = settings.actionId ?? this.#freshId();
      if (this.#table.has(id)) {
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
      if (!this.#ready) this.#checkQueueRoom(action, whenDisconnected);
      const entry = this.#table.add({
        id,
        action,
        text,
        timeout,
        behaviour,
        signal: options?.signal,
        lingers: settings.lingers,
      });
      if (entry === undefined) return undefined;
      const connection = this.#connection;
      if (this.#ready && connection !== undefined) this.#write(entry, connection);
      else this.#queue.push(entry);
      return entry;
    } catch (error) {
      behaviour.fail(asError(error));
      return undefined;
    }
  }

  /** Throws unless an action may wait for a connection now (`mode`: its `whenDisconnected`). */
  #checkQueueRoom(action: string, mode: "queue" | "fail" | undefined): void {
    const { status, error } = this.#state.value;
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

  /** Queues `entry`'s bytes on `connection`; `bounded` (user actions): within `maxWriteQueueBytes`. */
  /**
   * The next generated ActionID not in use: with `actionIdPrefix: ""` a caller's own ActionID (`send()`)
   * can equal a generated one, and taking it would replace the caller's pending action.
   */
  #freshId(): string {
    let id = this.#nextId();
    while (this.#table.has(id)) id = this.#nextId();
    return id;
  }

  #write(entry: PendingEntry, connection: Connection, bounded = true): void {
    this.#outbox.push(entry, connection, bounded);
  }

  // ── public actions ───────────────────────────────────────────────────────────────────────────

  action<A extends string>(name: A, ...args: AmiActionArgs<A>): Promise<ActionResponse<A>> {
    const params = args[0] as Readonly<Record<string, AmiFieldValue>> | undefined;
    const options = args[1] as AmiActionOptions | undefined;
    return new Promise((resolve, reject) => {
      // Only actions with parameters can change what a reconnect restores (Events, Filter).
      const onSuccess = params === undefined ? undefined : () => this.#settings.track(name, params);
      const behaviour = new SingleAnswer(name, resolve as (r: AmiResponse) => void, reject, onSuccess);
      this.#submit(name, params, options, behaviour, VALIDATE);
    });
  }

  action$<A extends string>(name: A, ...args: AmiActionArgs<A>): Observable<ActionResponse<A>> {
    const [params, options] = splitArgs(args);
    return new Observable<ActionResponse<A>>((subscriber) => {
      const behaviour = singleAnswer(
        name,
        (response) => {
          subscriber.next(response as ActionResponse<A>);
          subscriber.complete();
        },
        (error) => subscriber.error(error),
        () => this.#settings.track(name, params),
      );
      const entry = this.#submit(name, params, options, behaviour, { validate: true });
      return () => {
        if (entry !== undefined) this.#table.abandon(entry);
      };
    });
  }

  send(fields: Readonly<Record<string, AmiFieldValue>>, options?: AmiActionOptions): Promise<AmiResponse> {
    return new Promise((resolve, reject) => {
      let action: string | undefined;
      let actionId: string | undefined;
      const rest: Record<string, AmiFieldValue> = {};
      for (const key of Object.keys(fields ?? {})) {
        const value = fields[key];
        const lower = key.toLowerCase();
        if (lower === "action") action = typeof value === "string" ? value : undefined;
        else if (lower === "actionid") actionId = typeof value === "string" ? value : String(value);
        else rest[key] = value;
      }
      if (action === undefined || action === "") {
        reject(new AmiValidationError("send(): fields must hold a non-empty string `Action`"));
        return;
      }
      const name = action;
      const behaviour = singleAnswer(name, resolve, reject, () => this.#settings.track(name, rest));
      this.#submit(
        name,
        rest,
        options,
        behaviour,
        actionId === undefined ? { validate: false } : { validate: false, actionId },
      );
    });
  }

  command(cli: string, options?: AmiActionOptions): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.#submit("Command", { Command: cli }, options, commandOutput(resolve, reject), { validate: true });
    });
  }

  list<A extends string>(name: A, ...args: AmiActionArgs<A>): Promise<AmiListResult<A>> {
    const [params, options] = splitArgs(args);
    return new Promise((resolve, reject) => {
      const events: AmiEvent[] = [];
      let response: AmiResponse = {};
      const finish = (complete: AmiEvent | undefined) =>
        resolve({ response, events, complete } as unknown as AmiListResult<A>);
      const behaviour = listAnswer(name, {
        response: (answer, opened) => {
          response = answer;
          if (!opened) finish(undefined);
        },
        item: (event) => events.push(event),
        complete: finish,
        fail: reject,
      });
      this.#submit(name, params, options, behaviour, { validate: true, lingers: true });
    });
  }

  list$<A extends string>(name: A, ...args: AmiActionArgs<A>): Observable<ListItemEvent<A>> {
    const [params, options] = splitArgs(args);
    return new Observable<ListItemEvent<A>>((subscriber) => {
      const behaviour = listAnswer(name, {
        response: (_answer, opened) => {
          if (!opened) subscriber.complete();
        },
        item: (event) => subscriber.next(event as ListItemEvent<A>),
        complete: () => subscriber.complete(),
        fail: (error) => subscriber.error(error),
      });
      const entry = this.#submit(name, params, options, behaviour, { validate: true, lingers: true });
      // Unsubscribing mid-list lets the rest of the list be swallowed rather than leak into events$.
      return () => {
        if (entry !== undefined) this.#table.abandon(entry);
      };
    });
  }

  originate(params: AmiOriginateParams, options?: AmiActionOptions): Promise<AmiOriginateResponse> {
    const fields: Record<string, AmiFieldValue> = { ...(params as Readonly<Record<string, AmiFieldValue>>) };
    for (const key of Object.keys(fields)) if (key.toLowerCase() === "async") delete fields[key];
    fields.Async = "true";
    const callTimeout = Number(fieldValue(fields, "Timeout") ?? 30_000);
    const timeout =
      options?.timeout ??
      (Number.isFinite(callTimeout) && callTimeout > 0 ? callTimeout : 30_000) + this.#options.actionTimeout;
    return new Promise((resolve, reject) => {
      const behaviour = originateOutcome(
        (event) => resolve(event as unknown as AmiOriginateResponse),
        reject,
      );
      this.#submit("Originate", fields, { ...options, timeout }, behaviour, { validate: true });
    });
  }

  on<const N extends readonly [string, ...string[]]>(...names: N): Observable<EventOf<N[number]>> {
    return this.#hub.events$.pipe(ofEvent(...names));
  }

  events(options?: AmiEventReaderOptions): AmiEventReader {
    const size = options?.size ?? this.#options.eventBufferSize;
    if (!Number.isInteger(size) || size < 1)
      throw new AmiValidationError("events(): size must be an integer >= 1");
    return this.#hub.reader({
      size,
      overflow: options?.overflow ?? this.#options.eventOverflow,
      names: options?.names,
      signal: options?.signal,
    });
  }

  // ── diagnostics: never show the secret ───────────────────────────────────────────────────────

  toJSON(): Record<string, unknown> {
    const options = this.#options;
    return {
      transport: options.transport.name,
      host: options.host,
      port: options.port,
      username: options.credentials.username,
      secret: REDACTED,
      status: this.#state.value.status,
    };
  }

  toString(): string {
    const options = this.#options;
    return `AmiClient(${options.credentials.username}@${formatTarget(options.host, options.port)}, ${this.#state.value.status})`;
  }

  [redactedInspect](): string {
    return this.toString();
  }

  [denoInspect](): string {
    return this.toString();
  }
}

/** Submit settings of the typed methods (one shared object, not one per action). */
const VALIDATE = { validate: true } as const;

/** The `(params?, options?)` rest arguments of the typed methods, untyped. */
function splitArgs(
  args: readonly unknown[],
): [Readonly<Record<string, AmiFieldValue>> | undefined, AmiActionOptions | undefined] {
  return [
    args[0] as Readonly<Record<string, AmiFieldValue>> | undefined,
    args[1] as AmiActionOptions | undefined,
  ];
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

/** The error of a `connect()` stopped by its signal. */
function connectAborted(signal: AbortSignal): AmiAbortError {
  return new AmiAbortError("connect() was aborted", undefined, signal.reason);
}

/** `promise`, or a rejection with `signal.reason` as soon as `signal` aborts (no listener left behind). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** `promise` for one caller of `connect()`: rejects with `AmiAbortError` when that caller's signal aborts. */
function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return promise;
  const controller = new AbortController();
  const onAbort = () => controller.abort(connectAborted(signal));
  signal.addEventListener("abort", onAbort, { once: true });
  return untilAborted(promise, controller.signal).finally(() => signal.removeEventListener("abort", onAbort));
}
