/**
 * The shapes the client hands out: responses, events, list results, per-call options and state.
 */
import type {
  ActionParams,
  ActionResponse,
  AmiGenericPacket,
  EventOf,
  ListCompleteEvent,
  ListItemEvent,
} from "@amikit/definitions";

/**
 * An answer to an action, as a plain object keyed by header names exactly as Asterisk sent them
 * (`response.Response`, `response.Message`, `response.Ping`). A header sent more than once is an array.
 */
export type AmiResponse = AmiGenericPacket;

/**
 * An event, as a plain object keyed by header names exactly as sent (`event.Event`, `event.Channel`).
 * A header sent more than once (`ChanVariable`, `Variable`) is an array. Narrow it with `ofEvent(...)`.
 */
export type AmiEvent = AmiGenericPacket;

/** Options for one action. */
export interface AmiActionOptions {
  /**
   * Milliseconds to wait for the answer, counted from the call (time spent in the offline queue counts).
   * For lists the timer restarts with every item. Defaults to the client's `actionTimeout`.
   */
  readonly timeout?: number;
  /** Aborts the action: it rejects with `AmiAbortError` and its late answer is ignored. */
  readonly signal?: AbortSignal;
  /**
   * What this action does when issued while the client is connecting, logging in or reconnecting,
   * overriding the client's `offlineQueue` default: `"queue"` waits in the offline queue (bounded by
   * `offlineQueue`, or by 1 000 when that is `false`) and is sent once logged in; `"fail"` rejects at
   * once with `AmiConnectionError`. While `idle` or `closed` an action fails either way. Default: queue
   * unless `offlineQueue` is `false` (or 0).
   */
  readonly whenDisconnected?: "queue" | "fail";
}

/** Options for one `connect()` call. */
export interface AmiConnectOptions {
  /**
   * Aborts this `connect()`: it rejects with `AmiAbortError` (cause: the signal's reason). If this call
   * started the attempt, the attempt stops (socket closed, no timer left) and the client is left
   * `closed` with that error, like any failed first attempt (`connect()` may be called again). A call
   * that joined an attempt already under way (or a reconnection) only stops waiting for it.
   */
  readonly signal?: AbortSignal;
}

/** The rest parameters of `action()`: `params` is required exactly when the action has required parameters. */
export type AmiActionArgs<A extends string> = [RequiredKey<ActionParams<A>>] extends [never]
  ? [params?: ActionParams<A>, options?: AmiActionOptions]
  : [params: ActionParams<A>, options?: AmiActionOptions];

/** Keys of `T` that are not optional. */
type RequiredKey<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];

/** What `list()` resolves with. */
export interface AmiListResult<A extends string = string> {
  /** The action's answer (`EventList: start`, `Message: … will follow`). */
  readonly response: ActionResponse<A>;
  /** The item events, in wire order; empty when the answer did not open a list. */
  readonly events: readonly ListItemEvent<A>[];
  /** The closing event (`…Complete`, `EventList: Complete`, `ListItems: N`); absent when no list opened. */
  readonly complete: ListCompleteEvent<A> | undefined;
}

/** The parameters `originate()` accepts: those of `Originate`. `Async` is always sent as `true`. */
export type AmiOriginateParams = Omit<ActionParams<"Originate">, "Async">;

/** The event `originate()` resolves with. */
export type AmiOriginateResponse = EventOf<"OriginateResponse">;

/** Where the client is in its life. */
export type AmiClientStatus =
  | "idle"
  | "connecting"
  | "authenticating"
  | "connected"
  | "reconnecting"
  | "closed";

/** A point in the client's life, as emitted by `state$`. */
export interface AmiClientState {
  /** The status. */
  readonly status: AmiClientStatus;
  /**
   * Why the client is `reconnecting` or `closed`, when it was not a clean `close()`:
   * `AmiConnectionError`, `AmiAuthError`, `AmiTimeoutError`…
   */
  readonly error?: Error;
  /** While `reconnecting`: the 1-based attempt being waited for. */
  readonly attempt?: number;
}

/** A report that an `events()` reader lagged and lost events under `overflow: "drop-oldest"`. */
export interface AmiLagged {
  /** Events dropped by this overflow. */
  readonly dropped: number;
  /** Events this reader has dropped in total. */
  readonly total: number;
}

/** Options for `client.events()`, a buffered reader for consumers slower than the wire. */
export interface AmiEventReaderOptions {
  /** Maximum events buffered for this reader. Defaults to the client's `eventBuffer.size`. */
  readonly size?: number;
  /**
   * What happens when the buffer is full: `"error"` ends the reader with `AmiEventOverflowError`;
   * `"drop-oldest"` drops the oldest buffered event, counts it and reports it on `lagged$`.
   * Defaults to the client's `eventBuffer.overflow`.
   */
  readonly overflow?: "error" | "drop-oldest";
  /** Only events with these names (case-insensitive). Default: all. */
  readonly names?: readonly string[];
  /** Stops the reader (its iteration ends) when aborted. */
  readonly signal?: AbortSignal;
}

/** An async-iterable, bounded reader of events; see `client.events()`. */
export interface AmiEventReader<E = AmiEvent> extends AsyncIterableIterator<E> {
  /** Events waiting in this reader's buffer. */
  readonly buffered: number;
  /** Events this reader dropped because it fell behind (`overflow: "drop-oldest"`). */
  readonly dropped: number;
  /** Stops the reader and frees its buffer; iteration ends. */
  close(): void;
}
