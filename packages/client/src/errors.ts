/**
 * The typed errors the client raises. Every one extends the codec's `AmiError`, so
 * `err instanceof AmiError` catches anything amikit throws. None of them ever holds a secret: login
 * failures carry the server's answer, never the `Secret`/`Key` that was sent.
 */
import { AmiError } from "@amikit/codec";
import { shortQuote } from "./greeting.ts";
import type { AmiEvent, AmiResponse } from "./types.ts";

/** At most this many characters of a server's text (`Message`, Command output) go into an error message. */
const MAX_SERVER_TEXT = 500;

/**
 * A server's text cut to {@link MAX_SERVER_TEXT} characters: a hostile or verbose server cannot put
 * megabytes into an error message (the whole answer stays on the error's `response`).
 */
function capped(text: string): string {
  if (text.length <= MAX_SERVER_TEXT) return text;
  return `${text.slice(0, MAX_SERVER_TEXT)}… (${text.length} characters; the whole answer is on \`response\`)`;
}

/** Login was refused: Asterisk answered `Authentication failed` (or the Challenge failed). Not retried. */
export class AmiAuthError extends AmiError {
  override readonly name: string = "AmiAuthError";
  /** The user name that was refused. */
  readonly username: string;
  /** The server's answer to Login (or Challenge), when there was one. */
  readonly response: AmiResponse | undefined;

  constructor(message: string, username: string, response?: AmiResponse, options?: ErrorOptions) {
    super(capped(message), options);
    this.username = username;
    this.response = response;
  }
}

/**
 * The connection could not be made, failed, or was lost; or the client is not connected and the
 * offline queue is off. `cause` holds the underlying error when there is one.
 */
export class AmiConnectionError extends AmiError {
  override readonly name: string = "AmiConnectionError";
}

/** The first line a peer sent was not an AMI greeting: nothing, not even `Login`, was written to it. */
export class AmiGreetingError extends AmiConnectionError {
  override readonly name: string = "AmiGreetingError";
  /** A short, escaped prefix of the line the peer sent (at most 40 characters of it). */
  readonly received: string;

  constructor(where: string, line: string, options?: ErrorOptions) {
    const received = shortQuote(line);
    super(
      `${where} is not an AMI server: its first line was ${received}, not an AMI greeting ` +
        '("Asterisk Call Manager/…"); nothing was sent to it (a proxy that greets differently: see the `greeting` option)',
      options,
    );
    this.received = received;
  }
}

/** The offline queue (actions issued while disconnected) is full; the action was not queued. */
export class AmiQueueFullError extends AmiConnectionError {
  override readonly name: string = "AmiQueueFullError";
  /** The configured bound. */
  readonly limit: number;

  constructor(limit: number) {
    super(`not connected and the offline queue is full (${limit} actions waiting)`);
    this.limit = limit;
  }
}

/**
 * Connected, but the bytes waiting to be written already reach `maxWriteQueueBytes`: the server is not
 * reading (or not as fast as actions are issued). The action was not queued and nothing of it was sent.
 */
export class AmiWriteQueueFullError extends AmiConnectionError {
  override readonly name: string = "AmiWriteQueueFullError";
  /** The configured bound, in bytes (`maxWriteQueueBytes`). */
  readonly limit: number;
  /** Bytes waiting to be written when the action was refused. */
  readonly queued: number;
  /** Bytes the refused action would have added. */
  readonly size: number;

  constructor(action: string, limit: number, queued: number, size: number) {
    super(
      `${action}: the server is not reading fast enough: ${queued} bytes already wait to be written and ` +
        `${size} more would pass maxWriteQueueBytes (${limit}); the action was not sent`,
    );
    this.limit = limit;
    this.queued = queued;
    this.size = size;
  }
}

/** An action (or connect, or login) did not finish in time. */
export class AmiTimeoutError extends AmiError {
  override readonly name: string = "AmiTimeoutError";
  /** The action that timed out, when it was an action. */
  readonly action: string | undefined;
  /** Its ActionID, when it was an action. */
  readonly actionId: string | undefined;
  /** The timeout that elapsed, in milliseconds. */
  readonly timeout: number;

  constructor(message: string, timeout: number, action?: string, actionId?: string) {
    super(message);
    this.timeout = timeout;
    this.action = action;
    this.actionId = actionId;
  }
}

/**
 * Asterisk answered an action with `Response: Error`. `message` is the response's `Message` header (for
 * `Command`, its output), cut to 500 characters; `response` holds the whole answer.
 */
export class AmiActionError extends AmiError {
  override readonly name: string = "AmiActionError";
  /** The action's name as sent. */
  readonly action: string;
  /** The ActionID that correlated the answer. */
  readonly actionId: string;
  /** The whole answer, headers exactly as sent (`response.Message`, `response.Output` …). */
  readonly response: AmiResponse;

  constructor(action: string, actionId: string, response: AmiResponse, message?: string) {
    const header = response.Message;
    super(capped(message ?? (typeof header === "string" && header !== "" ? header : `${action} failed`)));
    this.action = action;
    this.actionId = actionId;
    this.response = response;
  }
}

/**
 * The caller's `AbortSignal` fired; the action was abandoned (its late answer is ignored). Its `name`
 * is `"AbortError"`, as with `fetch`, so both `err instanceof AmiAbortError` and
 * `err.name === "AbortError"` work; `cause` is the signal's `reason`.
 */
export class AmiAbortError extends AmiError {
  override readonly name: string = "AbortError";
  /** The action that was aborted, when it was an action. */
  readonly action: string | undefined;

  constructor(message: string, action?: string, reason?: unknown) {
    super(message, reason === undefined ? undefined : { cause: reason });
    this.action = action;
  }
}

/** The request was not sent because it is invalid: a required parameter is missing, options are wrong… */
export class AmiValidationError extends AmiError {
  override readonly name: string = "AmiValidationError";
  /** The action concerned, if any. */
  readonly action: string | undefined;
  /** Required parameters that were missing. */
  readonly missing: readonly string[];

  constructor(message: string, action?: string, missing: readonly string[] = [], options?: ErrorOptions) {
    super(message, options);
    this.action = action;
    this.missing = missing;
  }
}

/** An asynchronous Originate was queued but its `OriginateResponse` said `Response: Failure`. */
export class AmiOriginateError extends AmiError {
  override readonly name: string = "AmiOriginateError";
  /** The `OriginateResponse` event, headers as sent. */
  readonly event: AmiEvent;
  /** Its `Reason` code as sent (a string, e.g. `"0"`, `"3"` no answer, `"5"` busy), if present. */
  readonly reason: string | undefined;

  constructor(event: AmiEvent) {
    const reason = typeof event.Reason === "string" ? event.Reason : undefined;
    const channel = typeof event.Channel === "string" ? ` ${event.Channel}` : "";
    super(`Originate of${channel} failed${reason === undefined ? "" : ` (Reason ${reason})`}`);
    this.event = event;
    this.reason = reason;
  }
}

/** The client was closed (`close()`), or closed itself after giving up; the request cannot proceed. */
export class AmiClosedError extends AmiError {
  override readonly name: string = "AmiClosedError";
}

/** An `events()` reader fell more than its buffer behind with `overflow: "error"`. */
export class AmiEventOverflowError extends AmiError {
  override readonly name: string = "AmiEventOverflowError";
  /** The buffer bound that was exceeded. */
  readonly limit: number;

  constructor(limit: number) {
    super(`event reader fell behind: more than ${limit} events buffered`);
    this.limit = limit;
  }
}
