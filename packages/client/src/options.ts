/**
 * `createClient` options, their defaults and their validation.
 */
import { AmiValidationError } from "./errors.ts";
import { type AmiReconnectOptions, type ReconnectPolicy, resolveReconnect } from "./reconnect.ts";
import { denoInspect, REDACTED, redactedInspect } from "./redact.ts";
import type { AmiTlsOptions, AmiTransport } from "./transport.ts";

/** Options for {@link createClient}. Only `transport`, `username` and `secret` are required. */
export interface AmiClientOptions {
  /** Moves the bytes: `nodeTransport()` from `@amikit/node`, a Deno/Bun one, or a fake's in-memory transport. */
  readonly transport: AmiTransport;
  /** Host name or address of the Asterisk server. Default `"127.0.0.1"`. */
  readonly host?: string;
  /** AMI port. Default 5038. */
  readonly port?: number;
  /** `true` or TLS options to use AMI over TLS (usually port 5039). Default off. */
  readonly tls?: boolean | AmiTlsOptions;
  /** `manager.conf` user name. */
  readonly username: string;
  /** That user's secret. Never logged, never put in an error or in `toString()`/`JSON`/inspect output. */
  readonly secret: string;
  /** `"plain"` sends `Secret`; `"md5"` runs the `Challenge` action and sends `Key: md5(challenge + secret)`. Default `"plain"`. */
  readonly authType?: "plain" | "md5";
  /**
   * The Login `Events` header: `true` → `on` (every class the user may read), `false` → `off`
   * (no events at all), or a class list such as `"call,system"`. Default: no header, which Asterisk
   * treats as `on`.
   */
  readonly events?: boolean | string;
  /** Default per-action timeout in milliseconds. Default 10 000. */
  readonly actionTimeout?: number;
  /** Milliseconds allowed to open the connection and receive the greeting. Default 10 000. */
  readonly connectTimeout?: number;
  /** Reconnect after losing an established connection: `false`, `true` (defaults) or a policy. Default on. */
  readonly reconnect?: boolean | AmiReconnectOptions;
  /**
   * Send `Ping` every `interval` ms while connected; no answer within `timeout` (default: the interval,
   * at most `actionTimeout`) counts as a dead connection: it is closed and, with reconnect on, re-made.
   * A number is the interval. Default off.
   */
  readonly keepalive?: false | number | { readonly interval: number; readonly timeout?: number };
  /**
   * Check actions against the definitions before sending: a known action missing a required parameter
   * rejects with `AmiValidationError` without touching the wire. Unknown actions always pass. Default `true`.
   */
  readonly validate?: boolean;
  /**
   * Actions issued while not connected (connecting, logging in, reconnecting) wait in a queue of at most
   * this many, then are sent in order once logged in; beyond it they reject with `AmiQueueFullError`.
   * `false` (or 0) fails them at once with `AmiConnectionError`. Default 1 000. One action can override
   * this with its `whenDisconnected` option (`"queue"` or `"fail"`).
   */
  readonly offlineQueue?: number | false;
  /** Defaults for `events()` readers: bound and overflow policy. Default `{ size: 10 000, overflow: "error" }`. */
  readonly eventBuffer?: { readonly size?: number; readonly overflow?: "error" | "drop-oldest" };
  /** Also publish list item events (answers to `list()`/`list$()`) on `events$`. Default `false`. */
  readonly listEventsToEventStream?: boolean;
  /** Prefix of generated ActionIDs (followed by a counter). Default `"amikit-"` plus a random tag per client. */
  readonly actionIdPrefix?: string;
  /** Milliseconds `close()` waits for `Response: Goodbye` before closing anyway. Default 2 000. */
  readonly closeTimeout?: number;
  /** Largest packet accepted from the server, in bytes (passed to the decoder). Default: the codec's. */
  readonly maxPacketBytes?: number;
  /**
   * Bytes of actions that may wait to be written while the server does not read them (it stalled, or
   * reads slower than actions are issued): once the client's write queue holds this many, a further
   * action fails at once with `AmiWriteQueueFullError` and nothing of it is sent. Default 8 MiB
   * (8 388 608): about 150 000 Pings or 8 000 actions of 1 KiB issued at once, far beyond what a healthy
   * connection ever queues, and all a stalled one can cost.
   */
  readonly maxWriteQueueBytes?: number;
  /** Random source in [0, 1) for reconnect jitter and the ActionID tag; for tests. Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * The login user's credentials. The secret lives in a private field and never shows in JSON, string
 * conversion or `util.inspect`.
 *
 * @internal
 */
export class Credentials {
  readonly username: string;
  readonly #secret: string;

  constructor(username: string, secret: string) {
    this.username = username;
    this.#secret = secret;
  }

  /** The secret, for the login step only. */
  reveal(): string {
    return this.#secret;
  }

  toJSON(): { username: string; secret: string } {
    return { username: this.username, secret: REDACTED };
  }

  toString(): string {
    return `Credentials(${this.username}, secret ${REDACTED})`;
  }

  [redactedInspect](): string {
    return this.toString();
  }

  [denoInspect](): string {
    return this.toString();
  }
}

/** Options with defaults applied. @internal */
export interface ResolvedOptions {
  readonly transport: AmiTransport;
  readonly host: string;
  readonly port: number;
  readonly tls: boolean | AmiTlsOptions | undefined;
  readonly credentials: Credentials;
  readonly authType: "plain" | "md5";
  readonly eventMask: string | undefined;
  readonly actionTimeout: number;
  readonly connectTimeout: number;
  readonly reconnect: ReconnectPolicy | undefined;
  readonly keepalive: { readonly interval: number; readonly timeout: number } | undefined;
  readonly validate: boolean;
  readonly offlineQueue: number;
  readonly eventBufferSize: number;
  readonly eventOverflow: "error" | "drop-oldest";
  readonly listEventsToEventStream: boolean;
  readonly actionIdPrefix: string;
  readonly closeTimeout: number;
  readonly maxPacketBytes: number | undefined;
  readonly maxWriteQueueBytes: number;
  readonly random: () => number;
}

/**
 * The Login `Events` header for an `events` option value. Unset sends no header, which Asterisk treats
 * like `on` (every class the user may read) and which is what the recorded conversations show. @internal
 */
export function eventMaskOf(events: boolean | string | undefined): string | undefined {
  if (events === undefined) return undefined;
  if (events === true) return "on";
  if (events === false) return "off";
  return events;
}

function invalid(message: string): AmiValidationError {
  return new AmiValidationError(`createClient: ${message}`);
}

/** The longest delay timers honour; a longer one (or `Infinity`) would fire at once. */
const MAX_TIMER = 2_147_483_647;

/** A positive duration in ms, capped at the longest timer delay (~24.8 days; `Infinity` means "that long"). */
function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(typeof value === "number" && value > 0))
    throw invalid(`${name} must be a positive number of milliseconds`);
  return Math.min(value, MAX_TIMER);
}

/** Validates options and applies defaults. Throws `AmiValidationError` (never echoing the secret). @internal */
export function resolveOptions(options: AmiClientOptions): ResolvedOptions {
  if (options === null || typeof options !== "object") throw invalid("options are required");
  const { transport } = options;
  if (transport === null || typeof transport !== "object" || typeof transport.open !== "function") {
    throw invalid("`transport` must be an AmiTransport (e.g. nodeTransport() from @amikit/node)");
  }
  if (transport.specificationVersion !== "v1") {
    throw invalid(`transport "${String(transport.name)}" implements an unsupported specification`);
  }
  if (typeof options.username !== "string" || options.username === "")
    throw invalid("`username` is required");
  if (typeof options.secret !== "string") throw invalid("`secret` must be a string");
  // Checked here so that the encoder (whose errors quote the value) never sees a bad secret.
  if (/[\r\n\0]/.test(options.username)) throw invalid("`username` cannot contain CR, LF or NUL");
  if (/[\r\n\0]/.test(options.secret)) throw invalid("`secret` cannot contain CR, LF or NUL");
  const authType = options.authType ?? "plain";
  if (authType !== "plain" && authType !== "md5") throw invalid('`authType` must be "plain" or "md5"');
  const port = options.port ?? 5038;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalid("`port` must be an integer 0..65535");
  const actionTimeout = positive(options.actionTimeout, 10_000, "actionTimeout");

  let keepalive: ResolvedOptions["keepalive"];
  if (options.keepalive !== undefined && options.keepalive !== false) {
    const raw = typeof options.keepalive === "number" ? { interval: options.keepalive } : options.keepalive;
    const interval = positive(raw.interval, 0, "keepalive.interval");
    keepalive = {
      interval,
      timeout: positive(raw.timeout, Math.min(interval, actionTimeout), "keepalive.timeout"),
    };
  }

  const queue = options.offlineQueue ?? 1000;
  const offlineQueue = queue === false ? 0 : queue;
  if (!Number.isInteger(offlineQueue) || offlineQueue < 0)
    throw invalid("`offlineQueue` must be false or a count >= 0");

  const eventBufferSize = options.eventBuffer?.size ?? 10_000;
  if (!Number.isInteger(eventBufferSize) || eventBufferSize < 1)
    throw invalid("`eventBuffer.size` must be >= 1");
  const eventOverflow = options.eventBuffer?.overflow ?? "error";
  if (eventOverflow !== "error" && eventOverflow !== "drop-oldest") {
    throw invalid('`eventBuffer.overflow` must be "error" or "drop-oldest"');
  }
  const random = options.random ?? Math.random;
  const maxWriteQueueBytes = options.maxWriteQueueBytes ?? 8 * 1024 * 1024;
  if (!Number.isInteger(maxWriteQueueBytes) || maxWriteQueueBytes < 1)
    throw invalid("`maxWriteQueueBytes` must be an integer >= 1 (bytes)");

  return {
    transport,
    host: options.host ?? "127.0.0.1",
    port,
    tls: options.tls,
    credentials: new Credentials(options.username, options.secret),
    authType,
    eventMask: eventMaskOf(options.events),
    actionTimeout,
    connectTimeout: positive(options.connectTimeout, 10_000, "connectTimeout"),
    reconnect: resolveReconnect(options.reconnect, invalid),
    keepalive,
    validate: options.validate ?? true,
    offlineQueue,
    eventBufferSize,
    eventOverflow,
    listEventsToEventStream: options.listEventsToEventStream ?? false,
    actionIdPrefix: options.actionIdPrefix ?? `amikit-${Math.floor(random() * 0x100000).toString(36)}-`,
    closeTimeout: positive(options.closeTimeout, 2_000, "closeTimeout"),
    maxPacketBytes: options.maxPacketBytes,
    maxWriteQueueBytes,
    random,
  };
}
