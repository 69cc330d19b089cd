import { type AmiClient, createClient } from "@amikit/client";
import { nodeTransport } from "@amikit/node";
import { type ParsedCommandLine, stringOption } from "../arguments.ts";
import { CliFailure, classifyError, UsageError } from "../cli-errors.ts";
import { type CliContext, warn } from "../context.ts";
import { ExitCode } from "../exit-codes.ts";
import { authRefusalReason, cliConnectReason } from "./connect-failure.ts";
import { type ConnectionSettings, describeTarget, resolveConnectionSettings } from "./connection-options.ts";
import type { CliReconnectPolicy } from "./reconnect-status.ts";
import { promptSecret } from "./secret-prompt.ts";
import { readTlsOptions } from "./tls-files.ts";

/** How a subcommand wants its client. */
export interface ClientNeeds {
  /** The Login `Events` header: `true` for every class, `false` for none. */
  readonly events: boolean;
  /**
   * Reconnect after losing the connection (long-running subcommands), with this backoff (see
   * {@link reconnectPolicyOf}).
   */
  readonly reconnect: false | CliReconnectPolicy;
  /** Check actions against the definitions in the client too (off with `--force`). */
  readonly validate?: boolean;
}

/** Reads `--timeout <ms>`. */
export function timeoutOption(parsed: ParsedCommandLine): number | undefined {
  const text = stringOption(parsed, "timeout");
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value <= 0)
    throw new UsageError(`--timeout needs a number of milliseconds, not "${text}"`);
  return value;
}

/** The backoff of `events` and `repl`: the client's defaults (250 ms doubling up to 30 s, retry forever). */
export const defaultReconnectPolicy: CliReconnectPolicy = {
  initialDelay: 250,
  maxDelay: 30_000,
  factor: 2,
  jitter: 0.5,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/**
 * Reads `--reconnect-attempts <n>` (give up, exit 3, after n failed attempts) and `--reconnect-delay <ms>`
 * (the first wait, doubling after each failure) into a backoff policy.
 *
 * @throws UsageError - when either is not a positive whole number.
 */
export function reconnectPolicyOf(parsed: ParsedCommandLine): CliReconnectPolicy {
  const attempts = positiveInteger(parsed, "reconnect-attempts", "a number of attempts");
  const delay = positiveInteger(parsed, "reconnect-delay", "a number of milliseconds");
  return {
    ...defaultReconnectPolicy,
    ...(attempts === undefined ? {} : { maxAttempts: attempts }),
    ...(delay === undefined
      ? {}
      : { initialDelay: delay, maxDelay: Math.max(delay, defaultReconnectPolicy.maxDelay) }),
  };
}

function positiveInteger(parsed: ParsedCommandLine, name: string, what: string): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value <= 0)
    throw new UsageError(`--${name} needs ${what} ≥ 1, not "${text}"`);
  return value;
}

/** Resolves the connection settings of a command line (flags, URL, environment). */
export function connectionSettingsOf(parsed: ParsedCommandLine, context: CliContext): ConnectionSettings {
  return resolveConnectionSettings(
    {
      url: stringOption(parsed, "url"),
      host: stringOption(parsed, "host"),
      port: stringOption(parsed, "port"),
      username: stringOption(parsed, "username"),
      tls: parsed.values.tls === true,
      auth: stringOption(parsed, "auth"),
      tlsCa: stringOption(parsed, "tls-ca"),
      tlsCert: stringOption(parsed, "tls-cert"),
      tlsKey: stringOption(parsed, "tls-key"),
      tlsServerName: stringOption(parsed, "tls-server-name"),
      tlsInsecure: parsed.values["tls-insecure"] === true,
    },
    context.io.env,
  );
}

/**
 * Creates a client for the settings with the node transport, not yet connected. The secret comes from
 * the settings (URL or `AMI_SECRET`) or from a prompt that does not echo. The TLS files are read first,
 * so a wrong path fails before anything is asked or sent.
 *
 * @throws CliFailure - exit code 2 when there is no secret and no terminal to ask for it.
 * @throws UsageError - when a TLS file cannot be read or is not PEM.
 */
export async function createCliClient(
  settings: ConnectionSettings,
  context: CliContext,
  needs: ClientNeeds,
  timeout?: number,
): Promise<AmiClient> {
  const tls =
    settings.tls && settings.tlsSettings !== undefined ? readTlsOptions(settings.tlsSettings) : settings.tls;
  if (typeof tls === "object" && tls.rejectUnauthorized === false) {
    warn(context, "TLS without verifying the server's certificate (--tls-insecure): test servers only");
  }
  const secret =
    settings.secret ??
    (await promptSecret(context.io.stdin, context.io.stderr, `Secret for ${describeTarget(settings)}: `));
  return createClient({
    transport: nodeTransport(),
    host: settings.host,
    port: settings.port,
    tls,
    username: settings.username,
    secret,
    authType: settings.authType,
    events: needs.events,
    reconnect: needs.reconnect,
    validate: needs.validate ?? true,
    ...(timeout === undefined ? {} : { actionTimeout: timeout, connectTimeout: timeout }),
  });
}

/**
 * Connects and logs in a client made by {@link createCliClient}; on failure closes it and throws.
 *
 * @throws CliFailure - exit code 3 with a one-line reason when the server cannot be reached, does not
 *   greet, or refuses the login.
 */
export async function connectCliClient(client: AmiClient, settings: ConnectionSettings): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => {});
    const refused = error instanceof Error && error.name === "AmiAuthError";
    const reason = refused
      ? authRefusalReason(error)
      : cliConnectReason(classifyError(error, "connect").reason);
    const verb = refused ? "login refused for" : "cannot connect to";
    throw new CliFailure(ExitCode.connection, `${verb} ${describeTarget(settings)}: ${reason}`, {
      cause: error,
    });
  }
}

/** {@link createCliClient} then {@link connectCliClient}: a logged-in client. */
export async function openClient(
  settings: ConnectionSettings,
  context: CliContext,
  needs: ClientNeeds,
  timeout?: number,
): Promise<AmiClient> {
  const client = await createCliClient(settings, context, needs, timeout);
  await connectCliClient(client, settings);
  return client;
}
