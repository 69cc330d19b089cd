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
}

/** The connection flags the CLI accepts (every field optional). */
export interface ConnectionFlags {
  readonly url?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: string | undefined;
  readonly username?: string | undefined;
  readonly tls?: boolean | undefined;
  readonly auth?: string | undefined;
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
 * @throws UsageError - for a malformed URL or port, or when no user name is given anywhere.
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
  const envTls = parseBooleanEnv(env.AMI_TLS);
  if (envTls !== undefined) fromEnv.tls = envTls;
  const fromFlags: PartialSettings = {};
  if (flags.host !== undefined) fromFlags.host = flags.host;
  if (flags.port !== undefined) fromFlags.port = parsePort(flags.port, "--port");
  if (flags.username !== undefined) fromFlags.username = flags.username;
  if (flags.tls === true) fromFlags.tls = true;

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
  return {
    host: pick("host") ?? "127.0.0.1",
    port: pick("port") ?? (tls ? defaultTlsPort : defaultPort),
    tls,
    username,
    authType: auth,
    ...(secret === undefined ? {} : { secret }),
  };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

/** Describes the settings for messages, never including the secret: `admin@127.0.0.1:5038 (tls)`. */
export function describeTarget(settings: ConnectionSettings): string {
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  return `${settings.username}@${host}:${settings.port}${settings.tls ? " (tls)" : ""}`;
}
