import { formatTarget } from "@amikit/transport";
import { UsageError } from "../cli-errors.ts";

/** Where and how the CLI connects, resolved from flags, a URL and the environment. */
export interface ConnectionSettings {
  /** Host name or address. */
  readonly host: string;
  /** TCP port. */
  readonly port: number;
  /** Whether to use TLS (`amis://` or `AMI_TLS`). */
  readonly tls: boolean;
  /** The AMI user name. */
  readonly username: string;
  /** The secret, when it came from the URL or the environment; absent means "prompt for it". */
  readonly secret?: string;
  /** `"plain"` (Secret header) or `"md5"` (Challenge, then a key). */
  readonly authType: "plain" | "md5";
  /** How to verify the server and present a client certificate; present only when `tls` is on. */
  readonly tlsSettings?: TlsSettings;
}

/**
 * TLS details from `--tls-ca`, `--tls-cert`, `--tls-key`, `--tls-server-name`, `--tls-insecure` (or
 * `AMI_TLS_CA`, `AMI_TLS_CERT`, `AMI_TLS_KEY`, `AMI_TLS_SERVER_NAME`, `AMI_TLS_INSECURE`). Files are
 * paths here; they are read when the client is created.
 */
export interface TlsSettings {
  /** PEM file of the CA(s) to trust instead of the system's. */
  readonly caFile?: string;
  /** PEM file of the client certificate (mutual TLS); always with `keyFile`. */
  readonly certFile?: string;
  /** PEM file of the client certificate's private key; always with `certFile`. */
  readonly keyFile?: string;
  /** Name to send as SNI and check the certificate against, instead of the host. */
  readonly serverName?: string;
  /** Accept any certificate (no verification): for a test server only. */
  readonly insecure?: boolean;
}

/** The connection flags the CLI accepts (every field optional). */
export interface ConnectionFlags {
  readonly url?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: string | undefined;
  readonly username?: string | undefined;
  readonly tls?: boolean | undefined;
  readonly auth?: string | undefined;
  readonly tlsCa?: string | undefined;
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly tlsServerName?: string | undefined;
  readonly tlsInsecure?: boolean | undefined;
}

/** The port AMI listens on without TLS. */
export const defaultPort = 5038;
/** The port AMI listens on with TLS (`tlsbindaddr`). */
export const defaultTlsPort = 5039;

interface PartialSettings {
  host?: string;
  port?: number;
  tls?: boolean;
  username?: string;
  secret?: string;
}

/**
 * Parses `ami://user:secret@host:5038` (or `amis://` for TLS). User name and secret are
 * percent-decoded; an IPv6 host is written in brackets (`ami://admin@[::1]:5038`).
 *
 * @throws UsageError - when the text is not such a URL. The message never repeats the secret.
 */
export function parseAmiUrl(text: string): PartialSettings & { tls: boolean } {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new UsageError(`invalid URL: expected ami://user:secret@host:port`, [], { cause: error });
  }
  const scheme = url.protocol.replace(/:$/, "").toLowerCase();
  if (scheme !== "ami" && scheme !== "amis") {
    throw new UsageError(`unsupported URL scheme "${scheme}:": use ami:// or amis:// (TLS)`);
  }
  if (url.hostname === "") throw new UsageError("the URL has no host: expected ami://user:secret@host:port");
  if (url.pathname !== "" && url.pathname !== "/") {
    throw new UsageError("the URL must not have a path: expected ami://user:secret@host:port");
  }
  const settings: PartialSettings & { tls: boolean } = {
    tls: scheme === "amis",
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
  };
  if (url.port !== "") settings.port = Number(url.port);
  if (url.username !== "") settings.username = safeDecode(url.username);
  if (url.password !== "") settings.secret = safeDecode(url.password);
  return settings;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Parses a port number (1–65535, or 0 where `allowZero`). */
export function parsePort(text: string, source: string, allowZero = false): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${source}: "${text}" is not a port number`);
  const port = Number(text.trim());
  if (port > 65535 || (port === 0 && !allowZero)) {
    throw new UsageError(`${source}: port ${port} is out of range (1-65535)`);
  }
  return port;
}

/** Reads a yes/no environment value (`1`, `true`, `yes`, `on` are yes). */
export function parseBooleanEnv(value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  return /^(1|true|yes|on)$/i.test(value.trim());
}

/**
 * Resolves where to connect. Each setting is taken from the first place that has it:
 * a flag (`--host`, `--port`, `--username`, `--tls`), then the `--url`, then the environment
 * (`AMI_HOST`, `AMI_PORT`, `AMI_USERNAME`, `AMI_SECRET`, `AMI_TLS`, or `AMI_URL`), then the defaults
 * (`127.0.0.1`, port 5038, or 5039 with TLS). There is deliberately no `--secret` flag: a secret on the
 * command line ends up in shell history and process lists.
 *
 * A `--tls-*` flag turns TLS on, as `--tls` does; an `AMI_TLS_*` variable turns it on too, unless the
 * URL (`ami://`) or `AMI_TLS=0` says plain TCP. Each TLS detail is taken from its flag, then its variable.
 *
 * @throws UsageError - for a malformed URL or port, a client certificate without its key (or the
 *   reverse), or when no user name is given anywhere.
 */
export function resolveConnectionSettings(
  flags: ConnectionFlags,
  env: Readonly<Record<string, string | undefined>>,
): ConnectionSettings {
  const fromFlagUrl = flags.url === undefined ? {} : parseAmiUrl(flags.url);
  const fromEnvUrl = env.AMI_URL === undefined || env.AMI_URL === "" ? {} : parseAmiUrl(env.AMI_URL);
  const fromEnv: PartialSettings = {};
  if (nonEmpty(env.AMI_HOST)) fromEnv.host = env.AMI_HOST;
  if (nonEmpty(env.AMI_PORT)) fromEnv.port = parsePort(env.AMI_PORT, "AMI_PORT");
  if (nonEmpty(env.AMI_USERNAME)) fromEnv.username = env.AMI_USERNAME;
  if (env.AMI_SECRET !== undefined && env.AMI_SECRET !== "") fromEnv.secret = env.AMI_SECRET;
  const flagTls = tlsFromFlags(flags);
  const envTlsDetails = tlsFromEnv(env);
  const envTls = parseBooleanEnv(env.AMI_TLS);
  if (envTls !== undefined) fromEnv.tls = envTls;
  else if (Object.keys(envTlsDetails).length > 0) fromEnv.tls = true;
  const fromFlags: PartialSettings = {};
  if (flags.host !== undefined) fromFlags.host = flags.host;
  if (flags.port !== undefined) fromFlags.port = parsePort(flags.port, "--port");
  if (flags.username !== undefined) fromFlags.username = flags.username;
  if (flags.tls === true || Object.keys(flagTls).length > 0) fromFlags.tls = true;

  const layers: PartialSettings[] = [fromFlags, fromFlagUrl, fromEnv, fromEnvUrl];
  const pick = <K extends keyof PartialSettings>(key: K): PartialSettings[K] | undefined => {
    for (const layer of layers) if (layer[key] !== undefined) return layer[key];
    return undefined;
  };
  const tls = pick("tls") ?? false;
  const username = pick("username");
  if (username === undefined || username === "") {
    throw new UsageError(
      "no user name: pass --username, a URL (--url ami://user@host), or set AMI_USERNAME",
      ["for the built-in simulator: amikit simulate, then --url ami://admin:amipass@127.0.0.1:5038"],
    );
  }
  const auth = flags.auth ?? env.AMI_AUTH ?? "plain";
  if (auth !== "plain" && auth !== "md5") {
    throw new UsageError(`--auth must be "plain" or "md5", not "${auth}"`);
  }
  const secret = pick("secret");
  const tlsSettings: TlsSettings = { ...envTlsDetails, ...flagTls };
  if ((tlsSettings.certFile === undefined) !== (tlsSettings.keyFile === undefined)) {
    throw new UsageError(
      tlsSettings.certFile === undefined
        ? "--tls-key needs --tls-cert (AMI_TLS_CERT): the client certificate for that key"
        : "--tls-cert needs --tls-key (AMI_TLS_KEY): the private key of that client certificate",
    );
  }
  return {
    host: pick("host") ?? "127.0.0.1",
    port: pick("port") ?? (tls ? defaultTlsPort : defaultPort),
    tls,
    username,
    authType: auth,
    ...(secret === undefined ? {} : { secret }),
    ...(tls && Object.keys(tlsSettings).length > 0 ? { tlsSettings } : {}),
  };
}

type MutableTlsSettings = { -readonly [K in keyof TlsSettings]: TlsSettings[K] };

function tlsFromFlags(flags: ConnectionFlags): TlsSettings {
  const settings: MutableTlsSettings = {};
  if (flags.tlsCa !== undefined) settings.caFile = flags.tlsCa;
  if (flags.tlsCert !== undefined) settings.certFile = flags.tlsCert;
  if (flags.tlsKey !== undefined) settings.keyFile = flags.tlsKey;
  if (flags.tlsServerName !== undefined) settings.serverName = flags.tlsServerName;
  if (flags.tlsInsecure === true) settings.insecure = true;
  return settings;
}

function tlsFromEnv(env: Readonly<Record<string, string | undefined>>): TlsSettings {
  const settings: MutableTlsSettings = {};
  if (nonEmpty(env.AMI_TLS_CA)) settings.caFile = env.AMI_TLS_CA;
  if (nonEmpty(env.AMI_TLS_CERT)) settings.certFile = env.AMI_TLS_CERT;
  if (nonEmpty(env.AMI_TLS_KEY)) settings.keyFile = env.AMI_TLS_KEY;
  if (nonEmpty(env.AMI_TLS_SERVER_NAME)) settings.serverName = env.AMI_TLS_SERVER_NAME;
  if (parseBooleanEnv(env.AMI_TLS_INSECURE) === true) settings.insecure = true;
  return settings;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

/** Describes the settings for messages, never including the secret: `admin@127.0.0.1:5038 (tls)`. */
export function describeTarget(settings: ConnectionSettings): string {
  return `${settings.username}@${formatTarget(settings.host, settings.port)}${settings.tls ? " (tls)" : ""}`;
}
