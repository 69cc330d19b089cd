/**
 * The relay's configuration file (`relay.json`), as `amikit relay --config relay.json` reads it.
 * Secrets never live in the file: each comes from an environment variable the file names.
 */
import { AmiRelayConfigError } from "./errors.ts";
import type { RelayOptions } from "./relay.ts";
import type { RelayServerConfig } from "./server-relay.ts";
import { checkServerName } from "./subjects.ts";

/** The NATS connection settings of a relay config (secrets already read from the environment). */
export interface RelayNatsSettings {
  /** Server URLs (`nats://127.0.0.1:4222`). */
  readonly servers: readonly string[];
  /** User name, if NATS wants one. */
  readonly user?: string;
  /** Password (from the variable named by `passwordEnv`). */
  readonly pass?: string;
  /** Token (from the variable named by `tokenEnv`). */
  readonly token?: string;
}

/** A parsed relay config: the NATS settings and the relay options (without `nats` and `transport`). */
export interface ParsedRelayConfig {
  readonly nats: RelayNatsSettings;
  readonly relay: Omit<RelayOptions, "nats" | "transport">;
}

/** The environment variable that holds a server's secret when the config names none: `AMIKIT_SECRET_PBX_A`. */
export function defaultSecretVariable(server: string): string {
  return `AMIKIT_SECRET_${server.toUpperCase().replace(/-/g, "_")}`;
}

const SERVER_KEYS = new Set(["name", "host", "port", "username", "secretEnv", "tls", "authType", "allow"]);
const TOP_KEYS = new Set([
  "nats",
  "servers",
  "bufferSize",
  "publishWindow",
  "publishTimeout",
  "retryDelay",
  "streamPrefix",
  "maxAge",
  "duplicateWindow",
]);

/**
 * Parses `relay.json`:
 *
 * ```json
 * { "nats": { "servers": "nats://127.0.0.1:4222" },
 *   "servers": [{ "name": "pbx-a", "host": "pbx-a.example.net", "username": "relay", "secretEnv": "PBX_A_SECRET" }] }
 * ```
 *
 * @throws {AmiRelayConfigError} the text is not JSON, a key is unknown or has the wrong type, a secret
 *   is written in the file, or a named environment variable is not set.
 */
export function parseRelayConfig(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): ParsedRelayConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AmiRelayConfigError(`The relay config is not valid JSON: ${(error as Error).message}`);
  }
  const config = object(raw, "the relay config");
  for (const key of Object.keys(config)) {
    if (!TOP_KEYS.has(key)) throw new AmiRelayConfigError(`Unknown key "${key}" in the relay config`);
  }
  const natsConfig = object(config.nats ?? {}, '"nats"');
  const urls = natsConfig.servers ?? "nats://127.0.0.1:4222";
  const servers = typeof urls === "string" ? [urls] : stringArray(urls, '"nats.servers"');
  const nats: RelayNatsSettings = {
    servers,
    ...optional("user", optionalString(natsConfig.user, '"nats.user"')),
    ...optional("pass", fromEnv(natsConfig.passwordEnv, '"nats.passwordEnv"', env)),
    ...optional("token", fromEnv(natsConfig.tokenEnv, '"nats.tokenEnv"', env)),
  };
  if (!Array.isArray(config.servers) || config.servers.length === 0) {
    throw new AmiRelayConfigError('"servers" must be a non-empty array of Asterisk servers');
  }
  const serverConfigs = config.servers.map((entry, index) => parseServer(entry, index, env));
  const relay: Omit<RelayOptions, "nats" | "transport"> = {
    servers: serverConfigs,
    ...optional("bufferSize", optionalNumber(config.bufferSize, '"bufferSize"')),
    ...optional("publishWindow", optionalNumber(config.publishWindow, '"publishWindow"')),
    ...optional("publishTimeout", optionalNumber(config.publishTimeout, '"publishTimeout"')),
    ...optional("retryDelay", optionalNumber(config.retryDelay, '"retryDelay"')),
    ...optional("streamPrefix", optionalString(config.streamPrefix, '"streamPrefix"')),
    ...optional("maxAge", optionalNumber(config.maxAge, '"maxAge"')),
    ...optional("duplicateWindow", optionalNumber(config.duplicateWindow, '"duplicateWindow"')),
  };
  return { nats, relay };
}

function parseServer(
  entry: unknown,
  index: number,
  env: Readonly<Record<string, string | undefined>>,
): RelayServerConfig {
  const where = `servers[${index}]`;
  const server = object(entry, where);
  if ("secret" in server) {
    throw new AmiRelayConfigError(
      `${where}: do not write the secret in the config; name an environment variable with "secretEnv"`,
    );
  }
  for (const key of Object.keys(server)) {
    if (!SERVER_KEYS.has(key)) throw new AmiRelayConfigError(`Unknown key "${key}" in ${where}`);
  }
  const name = checkServerName(String(server.name));
  const username = optionalString(server.username, `${where}.username`);
  if (username === undefined) throw new AmiRelayConfigError(`${where} ("${name}"): "username" is missing`);
  const variable = optionalString(server.secretEnv, `${where}.secretEnv`) ?? defaultSecretVariable(name);
  const secret = env[variable];
  if (secret === undefined) {
    throw new AmiRelayConfigError(
      `${where} ("${name}"): the environment variable ${variable} (its secret) is not set`,
    );
  }
  const authType = server.authType;
  if (authType !== undefined && authType !== "plain" && authType !== "md5") {
    throw new AmiRelayConfigError(`${where}.authType must be "plain" or "md5"`);
  }
  if (server.tls !== undefined && typeof server.tls !== "boolean") {
    throw new AmiRelayConfigError(`${where}.tls must be true or false`);
  }
  return {
    name,
    username,
    secret,
    ...optional("host", optionalString(server.host, `${where}.host`)),
    ...optional("port", optionalNumber(server.port, `${where}.port`)),
    ...optional("tls", server.tls as boolean | undefined),
    ...optional("authType", authType as "plain" | "md5" | undefined),
    ...optional(
      "allow",
      server.allow === undefined ? undefined : stringArray(server.allow, `${where}.allow`),
    ),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AmiRelayConfigError(`${where} must be an object`);
  }
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new AmiRelayConfigError(`${where} must be a string`);
  return value;
}

function optionalNumber(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new AmiRelayConfigError(`${where} must be a number`);
  }
  return value;
}

function stringArray(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw new AmiRelayConfigError(`${where} must be an array of strings`);
  }
  return value as string[];
}

function fromEnv(
  variable: unknown,
  where: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const name = optionalString(variable, where);
  if (name === undefined) return undefined;
  const value = env[name];
  if (value === undefined)
    throw new AmiRelayConfigError(`${where}: the environment variable ${name} is not set`);
  return value;
}
