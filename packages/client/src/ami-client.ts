/**
 * The `AmiClient` interface: what `createClient` returns.
 */
import type { ActionResponse, AmiGenericParams, EventOf, ListItemEvent } from "@amikit/definitions";
import type { Observable } from "rxjs";
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

/**
 * An AMI client: one logical session with an Asterisk server that survives reconnects.
 * Create it with {@link createClient}, then `await client.connect()`.
 */
export interface AmiClient {
  /** The current state (same as the latest `state$` value). */
  readonly state: AmiClientState;
  /**
   * The state over time: `idle` → `connecting` → `authenticating` → `connected`, then `reconnecting`
   * (with the error and attempt) after a loss, and `closed` (with the error unless `close()` was called).
   * Replays the current state to each subscriber; completes after `close()`.
   */
  readonly state$: Observable<AmiClientState>;
  /**
   * Every event the server sends, as plain objects, hot and shared: subscribers get events from the
   * moment they subscribe, and stay subscribed across reconnects. Item events of `list()`/`list$()`
   * answers are not repeated here (unless `listEventsToEventStream`); `OriginateResponse` and `UserEvent`
   * that carry an ActionID are. Completes after `close()`.
   *
   * Delivery is synchronous and unbuffered. Asynchronous operators added after it (`concatMap` of an
   * async handler, `observeOn`, `delay`…) buffer without limit: for per-event async work use
   * `boundedConcatMap` or `events()`, which are bounded.
   */
  readonly events$: Observable<AmiEvent>;
  /** Reports from `events()` readers with `overflow: "drop-oldest"` that fell behind and dropped events. */
  readonly lagged$: Observable<AmiLagged>;
  /** Actions issued and not yet finished (queued ones included). Back to 0 when all have ended. */
  readonly pendingActions: number;
  /** The greeting of the current connection (`Asterisk Call Manager/11.0.0`), if connected. */
  readonly greeting: string | undefined;

  /**
   * Connects and logs in, all within `connectTimeout`: one deadline covers the socket, the greeting,
   * the `Challenge` and the `Login` (each reconnect attempt gets the same bound). Resolves once logged
   * in; rejects with `AmiAuthError` (bad credentials; not retried), `AmiConnectionError` (socket
   * failure, or not logged in within `connectTimeout` — then its `cause` is an `AmiTimeoutError` whose
   * message names the phase it was in), `AmiTimeoutError` (a login step went unanswered for
   * `actionTimeout`, when that is shorter), `AmiAbortError` (`options.signal` aborted) or
   * `AmiClosedError` (closed meanwhile). Concurrent calls share one attempt; calling it while connected resolves at once,
   * and while reconnecting it waits for the reconnection (or its end). An initial failure is not retried
   * (the reconnect policy applies to connections lost after success); call `connect()` again to retry.
   */
  connect(options?: AmiConnectOptions): Promise<void>;

  /**
   * Sends an action and resolves with its answer. `Response: Error` rejects with `AmiActionError`; see
   * also `AmiTimeoutError`, `AmiAbortError`, `AmiConnectionError`, `AmiValidationError`, `AmiClosedError`.
   * If the answer opens a list, the list's item events go to `events$`: use `list()` to collect them.
   */
  action<A extends string>(name: A, ...args: AmiActionArgs<A>): Promise<ActionResponse<A>>;

  /** `action()` as a cold Observable: each subscription sends the action; unsubscribing abandons it. */
  action$<A extends string>(name: A, ...args: AmiActionArgs<A>): Observable<ActionResponse<A>>;

  /**
   * Sends a list action (`CoreShowChannels`, `QueueStatus`, `PJSIPShowEndpoints`, or any action whose
   * answer opens a list) and resolves with the answer, every item event and the closing event. A
   * non-list answer resolves with no events. The timeout restarts with every item.
   */
  list<A extends string>(name: A, ...args: AmiActionArgs<A>): Promise<AmiListResult<A>>;

  /**
   * `list()` as a cold Observable of the item events: emits each item as it arrives and completes at
   * the closing event. Unsubscribing early swallows the rest of the list (it never reaches `events$`).
   */
  list$<A extends string>(name: A, ...args: AmiActionArgs<A>): Observable<ListItemEvent<A>>;

  /**
   * Runs a CLI command (the `Command` action) and resolves with its output lines, for both the
   * `Output:` form (Asterisk 14+) and the legacy `Response: Follows` form. A failing command (such as an
   * unknown one) rejects with `AmiActionError` whose message is the CLI output.
   */
  command(cli: string, options?: AmiActionOptions): Promise<string[]>;

  /**
   * Originates a call asynchronously (`Async: true`) and resolves with its `OriginateResponse` event,
   * matched by ActionID. Rejects with `AmiActionError` if Asterisk refuses the Originate, and with
   * `AmiOriginateError` when the event says `Response: Failure`. The default timeout is the Originate
   * `Timeout` parameter (30 s when absent) plus `actionTimeout`.
   */
  originate(params: AmiOriginateParams, options?: AmiActionOptions): Promise<AmiOriginateResponse>;

  /** `events$` narrowed to events with these names (case-insensitive), typed by the definitions. */
  on<const N extends readonly [string, ...string[]]>(...names: N): Observable<EventOf<N[number]>>;

  /**
   * A buffered reader of events for consumers that await per event:
   * `for await (const event of client.events()) await save(event)`. Its buffer is bounded
   * (`eventBuffer.size`), and when full it either ends with `AmiEventOverflowError` or drops the oldest
   * event, counting it on `reader.dropped` and reporting it on `lagged$`. Ends after `close()`.
   */
  events(options?: AmiEventReaderOptions): AmiEventReader;

  /**
   * Sends any packet: `fields` holds `Action` and the headers. An `ActionID` given here is used as is
   * and correlated like any other (it must not be in use). No validation. Resolves with the answer;
   * `Response: Error` rejects with `AmiActionError`.
   */
  send(fields: AmiGenericParams, options?: AmiActionOptions): Promise<AmiResponse>;

  /**
   * Logs off (`Logoff`), waits for `Goodbye` (at most `closeTimeout`), closes the connection and ends
   * every stream. Actions answered before the Goodbye resolve; those still pending reject with
   * `AmiClosedError`. Idempotent: every call returns the same promise. The client cannot be reused.
   */
  close(): Promise<void>;
}
