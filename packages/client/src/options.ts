/**
 * `createClient` options, their defaults and their validation.
 */
import { type AmiGreetingCheck, DEFAULT_GREETING } from "./greeting.ts";
import { DEFAULT_OFFLINE_QUEUE } from "./offline-queue.ts";
import { count, duration, flag, headerText, invalidOption, knownKeys } from "./option-checks.ts";
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
   * Most lines (fields) one packet from the server may have (passed to the decoder): one more drops the
   * connection with `AmiConnectionError` (cause `AmiFieldLimitError`) before the packet is built. Bounds
   * what a packet decodes into, which `maxPacketBytes` alone does not. Default: the codec's, 131 072.
   */
  readonly maxPacketFields?: number;
  /**
   * What the server's first line must look like before anything is sent to it: a RegExp it must match,
   * or a function returning `true` for an acceptable line. A peer that greets otherwise (SSH, SMTP, a
   * web server…) fails `connect()` with `AmiGreetingError` and never sees the `Login` (nor the secret).
   * Set it for a proxy that greets differently. Default {@link DEFAULT_GREETING}
   * (`Asterisk Call Manager/…` or `Asterisk Call Manager Proxy/…`).
   */
  readonly greeting?: AmiGreetingCheck;
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
 * The name of every {@link AmiClientOptions} member, each checked by `createClient` (a test holds this
 * list equal to the interface's keys and to the README's options table).
 *
 * @internal
 */
export const CLIENT_OPTION_NAMES = [
  "transport",
  "host",
  "port",
  "tls",
  "username",
  "secret",
  "authType",
  "events",
  "actionTimeout",
  "connectTimeout",
  "reconnect",
  "keepalive",
  "validate",
  "offlineQueue",
  "eventBuffer",
  "listEventsToEventStream",
  "actionIdPrefix",
  "closeTimeout",
  "maxPacketBytes",
  "maxPacketFields",
  "maxWriteQueueBytes",
  "greeting",
  "random",
] as const satisfies readonly (keyof AmiClientOptions)[];

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
  readonly maxPacketFields: number | undefined;
  readonly greeting: AmiGreetingCheck;
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

/** The members of {@link AmiTlsOptions}. */
const TLS_OPTION_NAMES = [
  "serverName",
  "ca",
  "cert",
  "key",
  "rejectUnauthorized",
] as const satisfies readonly (keyof AmiTlsOptions)[];

/** The `tls` option: `true`/`false`, or options whose known fields have the right types. */
function checkTls(tls: unknown): boolean | AmiTlsOptions | undefined {
  if (tls === undefined || typeof tls === "boolean") return tls;
  if (tls === null || typeof tls !== "object" || Array.isArray(tls))
    throw invalidOption("tls", "true, false or TLS options", tls);
  knownKeys(tls, TLS_OPTION_NAMES, "tls");
  const { serverName, ca, cert, key, rejectUnauthorized } = tls as AmiTlsOptions;
  if (serverName !== undefined) headerText(serverName, "tls.serverName", { empty: false });
  const pem = (value: unknown) => typeof value === "string" && value !== "";
  if (ca !== undefined && !(pem(ca) || (Array.isArray(ca) && ca.every(pem))))
    throw invalidOption("tls.ca", "a PEM string or an array of them", ca, true);
  if (cert !== undefined && !pem(cert)) throw invalidOption("tls.cert", "a PEM string", cert, true);
  if (key !== undefined && !pem(key)) throw invalidOption("tls.key", "a PEM string", key, true);
  flag(rejectUnauthorized, true, "tls.rejectUnauthorized");
  return tls as AmiTlsOptions;
}

/** The `keepalive` option: off, an interval, or `{ interval, timeout? }`. */
function checkKeepalive(option: unknown, actionTimeout: number): ResolvedOptions["keepalive"] {
  if (option === undefined || option === false) return undefined;
  if (typeof option === "number") {
    const interval = duration(option, 0, "keepalive");
    return { interval, timeout: Math.min(interval, actionTimeout) };
  }
  if (option === null || typeof option !== "object" || Array.isArray(option))
    throw invalidOption("keepalive", "false, an interval in milliseconds or { interval, timeout? }", option);
  knownKeys(option, ["interval", "timeout"], "keepalive");
  const raw = option as { readonly interval?: unknown; readonly timeout?: unknown };
  if (raw.interval === undefined)
    throw invalidOption("keepalive.interval", "a positive number of milliseconds", undefined);
  const interval = duration(raw.interval, 0, "keepalive.interval");
  return { interval, timeout: duration(raw.timeout, Math.min(interval, actionTimeout), "keepalive.timeout") };
}

/** The `eventBuffer` option. */
function checkEventBuffer(option: unknown): { size: number; overflow: "error" | "drop-oldest" } {
  if (option === undefined) return { size: 10_000, overflow: "error" };
  if (option === null || typeof option !== "object" || Array.isArray(option))
    throw invalidOption("eventBuffer", "{ size?, overflow? }", option);
  knownKeys(option, ["size", "overflow"], "eventBuffer");
  const { size, overflow } = option as { readonly size?: unknown; readonly overflow?: unknown };
  if (overflow !== undefined && overflow !== "error" && overflow !== "drop-oldest")
    throw invalidOption("eventBuffer.overflow", '"error" or "drop-oldest"', overflow);
  return { size: count(size, 10_000, "eventBuffer.size", 1), overflow: overflow ?? "error" };
}

/**
 * Validates options and applies defaults. Throws `AmiValidationError` naming the option and showing
 * (briefly) what was given — never the secret, nor TLS keys. @internal
 */
export function resolveOptions(options: AmiClientOptions): ResolvedOptions {
  if (options === null || typeof options !== "object") throw invalidOption("options", "an object", options);
  knownKeys(options, CLIENT_OPTION_NAMES, "");
  const { transport } = options;
  if (transport === null || typeof transport !== "object" || typeof transport.open !== "function") {
    throw invalidOption("transport", "an AmiTransport (e.g. nodeTransport() from @amikit/node)", transport);
  }
  if (transport.specificationVersion !== "v1") {
    throw invalidOption(
      "transport",
      `a transport of specification "v1" ("${String(transport.name)}" implements another)`,
      transport.specificationVersion,
    );
  }
  const host = options.host === undefined ? "127.0.0.1" : headerText(options.host, "host", { empty: false });
  // Checked here so that the encoder (whose errors quote the value) never sees a bad secret.
  headerText(options.username, "username", { empty: false });
  headerText(options.secret, "secret", { empty: true, hidden: true });
  const authType = options.authType ?? "plain";
  if (authType !== "plain" && authType !== "md5")
    throw invalidOption("authType", '"plain" or "md5"', authType);
  const port = options.port ?? 5038;
  if (!(typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535))
    throw invalidOption("port", "an integer 1..65535", port);
  const { events } = options;
  if (events !== undefined && typeof events !== "boolean") headerText(events, "events", { empty: false });
  const actionTimeout = duration(options.actionTimeout, 10_000, "actionTimeout");
  const keepalive = checkKeepalive(options.keepalive, actionTimeout);
  const queue = options.offlineQueue ?? DEFAULT_OFFLINE_QUEUE;
  const offlineQueue =
    queue === false ? 0 : count(queue, DEFAULT_OFFLINE_QUEUE, "offlineQueue", 0, "or false");
  const eventBuffer = checkEventBuffer(options.eventBuffer);
  const { greeting = DEFAULT_GREETING, random: randomOption } = options;
  if (!(greeting instanceof RegExp || typeof greeting === "function"))
    throw invalidOption("greeting", "a RegExp or a function (line) => boolean", greeting);
  if (randomOption !== undefined && typeof randomOption !== "function")
    throw invalidOption("random", "a function returning a number in [0, 1)", randomOption);
  const { actionIdPrefix } = options;
  if (actionIdPrefix !== undefined) {
    headerText(actionIdPrefix, "actionIdPrefix", { empty: true });
    if (actionIdPrefix.length > 64)
      throw invalidOption("actionIdPrefix", "at most 64 characters", actionIdPrefix);
  }
  const maxPacketBytes =
    options.maxPacketBytes === undefined
      ? undefined
      : count(options.maxPacketBytes, 0, "maxPacketBytes", 1, "bytes");
  const maxPacketFields =
    options.maxPacketFields === undefined
      ? undefined
      : count(options.maxPacketFields, 0, "maxPacketFields", 1, "lines");
  const random = options.random ?? Math.random;
  const maxWriteQueueBytes = count(
    options.maxWriteQueueBytes,
    8 * 1024 * 1024,
    "maxWriteQueueBytes",
    1,
    "bytes",
  );

  return {
    transport,
    host,
    port,
    tls: checkTls(options.tls),
    credentials: new Credentials(options.username, options.secret),
    authType,
    eventMask: eventMaskOf(options.events),
    actionTimeout,
    connectTimeout: duration(options.connectTimeout, 10_000, "connectTimeout"),
    reconnect: resolveReconnect(options.reconnect),
    keepalive,
    validate: flag(options.validate, true, "validate"),
    offlineQueue,
    eventBufferSize: eventBuffer.size,
    eventOverflow: eventBuffer.overflow,
    listEventsToEventStream: flag(options.listEventsToEventStream, false, "listEventsToEventStream"),
    actionIdPrefix: actionIdPrefix ?? `amikit-${Math.floor(random() * 0x100000).toString(36)}-`,
    closeTimeout: duration(options.closeTimeout, 2_000, "closeTimeout"),
    maxPacketBytes,
    maxPacketFields,
    greeting,
    maxWriteQueueBytes,
    random,
  };
}
