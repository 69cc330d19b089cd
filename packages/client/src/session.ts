/**
 * The session of one client: opening a connection (the greeting check is the connection's), login and
 * filters, all within ONE connect deadline; keepalive; reconnect with backoff; close. Where it is lives
 * in one value, a {@link SessionState}, from which `state$` is derived.
 *
 * The deadline: one timer here covers socket, greeting, Challenge, Login and filters. The transport is
 * given the time that remains (`connectTimeout` of `AmiTransport.open`): an adapter must bound its own
 * open without the client too (the conformance suite holds every adapter to it), so it keeps its own
 * timer; it never outlasts this one.
 */
import type { AmiFieldValue, AmiPacket } from "@amikit/codec";
import { formatTarget } from "@amikit/transport";
import type { Observable } from "rxjs";
import { Connection, type ConnectionListener } from "./connection.ts";
import {
  AmiAbortError,
  AmiAuthError,
  AmiClosedError,
  AmiConnectionError,
  AmiTimeoutError,
} from "./errors.ts";
import type { EventHub } from "./events.ts";
import { Keepalive } from "./keepalive.ts";
import { login } from "./login.ts";
import { MAX_TIMER } from "./max-timer.ts";
import type { ResolvedOptions } from "./options.ts";
import { backoffDelay } from "./reconnect.ts";
import { Requests, type SessionView } from "./requests.ts";
import { BehaviorSubject } from "./rx.ts";
import { SessionSettings } from "./session-settings.ts";
import type { AmiClientState } from "./types.ts";
import { asError } from "./validate.ts";

/**
 * Where a session is: the public status with what the session holds in it. `connection` is
 * `undefined` once an attempt's connection has been dropped while its status still shows (a failed
 * login about to be reported, or `close()` after the Logoff).
 *
 * @internal
 */
export type SessionState =
  | { readonly status: "idle" }
  | { readonly status: "connecting" }
  | { readonly status: "authenticating"; readonly connection: Connection | undefined }
  | {
      readonly status: "connected";
      readonly connection: Connection | undefined;
      /** Pings the connection (the `keepalive` option). */
      keepalive: Keepalive | undefined;
      /** Resets the reconnect attempt count once the connection has been up for `reconnect.stableAfter`. */
      stableTimer: ReturnType<typeof setTimeout> | undefined;
    }
  | { readonly status: "reconnecting"; readonly error: Error; readonly attempt: number }
  | { readonly status: "closed"; readonly error: Error | undefined };

/** The session of one client. @internal */
export class Session implements SessionView {
  readonly #options: ResolvedOptions;
  readonly #hub: EventHub;
  readonly #listener: ConnectionListener;
  /** Event mask and filters to restore after a reconnect. */
  readonly settings: SessionSettings;
  /** The client's actions. */
  readonly requests: Requests;
  #state: SessionState = { status: "idle" };
  /** The public view of {@link Session.#state}, emitted on every change of status. */
  readonly #public = new BehaviorSubject<AmiClientState>({ status: "idle" });
  /** Aborted by `close()`: cancels connecting and reconnect waits. */
  readonly #lifecycle = new AbortController();
  /** The connect attempt under way (what another `connect()` joins). */
  #establishing: Promise<void> | undefined;
  /** The reconnect loop under way. */
  #reconnecting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  /**
   * Reconnect attempts since the last stable connection (one that stayed logged in for
   * `reconnect.stableAfter`): the backoff grows with it, so a server that accepts the login and then
   * drops sees ever longer waits instead of a login every `initialDelay`.
   */
  #attempts = 0;

  readonly state$: Observable<AmiClientState>;

  constructor(options: ResolvedOptions, hub: EventHub) {
    this.#options = options;
    this.#hub = hub;
    this.settings = new SessionSettings(options.eventMask);
    this.requests = new Requests(options, this);
    this.state$ = this.#public.asObservable();
    this.#listener = {
      packet: (connection, packet) => this.#onPacket(connection, packet),
      closed: (connection, error) => this.#onClosed(connection, error),
    };
  }

  /** The public state. */
  get state(): AmiClientState {
    return this.#public.value;
  }

  /** The logged-in connection user actions are written to; `undefined` while not connected. */
  get ready(): Connection | undefined {
    const state = this.#state;
    return state.status === "connected" ? state.connection : undefined;
  }

  /** `close()` was called. */
  get closing(): boolean {
    return this.#closing !== undefined;
  }

  /** The connection of the current attempt or session, if any. */
  get #connection(): Connection | undefined {
    const state = this.#state;
    return state.status === "authenticating" || state.status === "connected" ? state.connection : undefined;
  }

  // ── life cycle ────────────────────────────────────────────────────────────────────────────────

  /** See `AmiClient.connect`. */
  connect(signal: AbortSignal | undefined): Promise<void> {
    if (this.#closing !== undefined) return Promise.reject(new AmiClosedError("the client is closed"));
    if (this.ready !== undefined) return Promise.resolve();
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

  /** See `AmiClient.close`. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const closed = new AmiClosedError("the client was closed");
    this.#lifecycle.abort(closed);
    const state = this.#state;
    if (state.status === "connected") stopTimers(state);
    this.requests.failQueued(() => closed);
    const connection = this.#connection;
    if (connection !== undefined && this.ready !== undefined && !connection.ended) {
      // Answers that arrive before the Goodbye still resolve their actions.
      await this.requests.request(connection, "Logoff", {}, this.#options.closeTimeout).catch(() => {});
    }
    this.#dropConnection();
    this.requests.failAll(closed);
    if (connection !== undefined) await connection.close();
    await Promise.allSettled([this.#establishing, this.#reconnecting]);
    // One `closed` per close: after a failed connect or a given-up reconnect the state already is
    // `closed` (with its error), and stays so.
    if (this.#public.value.status !== "closed") this.#enter({ status: "closed", error: undefined });
    this.#public.complete();
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
    this.#enter({ status: "connecting" });
    let phase = "waiting for the connection and the AMI greeting";
    const attempt = new AbortController();
    const lifecycle = this.#lifecycle.signal;
    const onClose = () => attempt.abort(lifecycle.reason);
    const onAbort = () => attempt.abort(connectAborted(signal as AbortSignal));
    const deadline = performance.now() + options.connectTimeout;
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
          // What remains of the deadline, rounded up: the transport's own deadline never comes first.
          connectTimeout: Math.max(1, Math.ceil(deadline - performance.now())),
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
      this.#enter({ status: "authenticating", connection });
      try {
        const request = (action: string, fields: Readonly<Record<string, AmiFieldValue>>) => {
          phase = `waiting for the answer to ${action}`;
          return this.requests.request(connection, action, fields, options.actionTimeout, attempt.signal);
        };
        await login(request, {
          credentials: options.credentials,
          authType: options.authType,
          eventMask: this.settings.eventMask,
        });
        // All filters go out in one write right after the Login answer, so events reach the new session
        // unfiltered for one round trip at most (not one per filter). A filter that Asterisk accepted
        // before but refuses now is not worth failing the session over.
        await Promise.all(
          this.settings.filters.map((filter) => request("Filter", { Operation: "Add", Filter: filter })),
        );
        if (connection.ended) throw new AmiConnectionError("the AMI connection closed during login");
        if (this.#closing !== undefined) throw new AmiClosedError("the client was closed while logging in");
      } catch (error) {
        if (this.#connection === connection) this.#dropConnection();
        await connection.close();
        throw failure(error);
      }
      const connected: SessionState = {
        status: "connected",
        connection,
        keepalive: undefined,
        stableTimer: undefined,
      };
      this.#enter(connected);
      // A state$ subscriber may have closed the client, or the connection dropped, meanwhile.
      if (this.#state !== connected || this.#closing !== undefined) return;
      this.#startStableTimer(connected);
      this.#startKeepalive(connected, connection);
      this.requests.flushQueue(connection);
    } finally {
      clearTimeout(timer);
      lifecycle.removeEventListener("abort", onClose);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Counts the connection as stable (resets the backoff) once it has stayed up for `stableAfter`. */
  #startStableTimer(state: SessionState & { status: "connected" }): void {
    const policy = this.#options.reconnect;
    if (policy === undefined) return;
    if (policy.stableAfter <= 0) {
      this.#attempts = 0;
      return;
    }
    if (!(policy.stableAfter < MAX_TIMER)) return;
    state.stableTimer = setTimeout(() => {
      state.stableTimer = undefined;
      this.#attempts = 0;
    }, policy.stableAfter);
  }

  #startKeepalive(state: SessionState & { status: "connected" }, connection: Connection): void {
    const keepalive = this.#options.keepalive;
    if (keepalive === undefined) return;
    state.keepalive = new Keepalive(
      keepalive.interval,
      keepalive.timeout,
      (timeout) => this.requests.request(connection, "Ping", {}, timeout),
      (error) => void connection.close(error),
    );
    state.keepalive.start();
  }

  #onClosed(connection: Connection, error: Error | undefined): void {
    if (connection !== this.#connection) return;
    const state = this.#state;
    const wasReady = state.status === "connected";
    if (state.status === "connected") stopTimers(state);
    this.#dropConnection();
    const reason = error ?? new AmiConnectionError("the AMI connection was closed");
    const closing = this.#closing !== undefined;
    this.requests.failOn(connection, (entry) =>
      closing
        ? new AmiClosedError(`${entry.action} (ActionID ${entry.id}) ended by close()`)
        : new AmiConnectionError(`${entry.action} (ActionID ${entry.id}) lost: ${reason.message}`, {
            cause: reason,
          }),
    );
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
   * Reconnects with backoff. The attempt number continues from {@link Session.#attempts}: it restarts
   * at 1 only after a stable connection, and `maxAttempts` bounds the attempts since that one.
   */
  async #reconnectLoop(cause: Error): Promise<void> {
    const policy = this.#options.reconnect;
    if (policy === undefined) return;
    let lastError = cause;
    while (this.#attempts < policy.maxAttempts) {
      this.#attempts += 1;
      const attempt = this.#attempts;
      this.#enter({ status: "reconnecting", error: lastError, attempt });
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
      const subscription = this.#public.subscribe({
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

  /** Moves to `state` and emits its public view. */
  #enter(state: SessionState): void {
    this.#state = state;
    if (!this.#public.closed) this.#public.next(publicState(state));
  }

  /** Forgets the connection of the current state; the status shows on until the next state. */
  #dropConnection(): void {
    const state = this.#state;
    if (state.status === "authenticating") this.#state = { status: "authenticating", connection: undefined };
    else if (state.status === "connected")
      this.#state = {
        status: "connected",
        connection: undefined,
        keepalive: undefined,
        stableTimer: undefined,
      };
  }

  /** Not connected and not trying: report the error and fail whatever waits in the queue. */
  #setClosed(error: Error): void {
    this.#enter({ status: "closed", error });
    this.requests.failQueued(
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
      this.requests.routeResponse(packet, connection);
      return;
    }
    if (packet.type !== "event") return;
    const consumed = this.requests.routeEvent(packet, connection);
    if (!consumed || this.#options.listEventsToEventStream) this.#hub.publish(packet);
  }
}

/** What `state$` shows of a session state. */
function publicState(state: SessionState): AmiClientState {
  switch (state.status) {
    case "reconnecting":
      return { status: "reconnecting", error: state.error, attempt: state.attempt };
    case "closed":
      return state.error === undefined ? { status: "closed" } : { status: "closed", error: state.error };
    default:
      return { status: state.status };
  }
}

/** Stops the keepalive and the stable timer of a connected state. */
function stopTimers(state: SessionState & { status: "connected" }): void {
  if (state.stableTimer !== undefined) clearTimeout(state.stableTimer);
  state.stableTimer = undefined;
  state.keepalive?.stop();
  state.keepalive = undefined;
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
