import { readFile } from "node:fs/promises";
import { parseRelayConfig, type RelayStatus, startRelay } from "@amikit/nats";
import { nodeTransport } from "@amikit/node";
import { connect } from "@nats-io/transport-node";
import { expectPositionals, type ParsedCommandLine, stringOption } from "../arguments.ts";
import { CliFailure, UsageError } from "../cli-errors.ts";
import { type CliContext, note, warn } from "../context.ts";
import { ExitCode } from "../exit-codes.ts";

/** One status line: `pbx-a  connected  epoch 3`, or NDJSON with `--json`. */
function statusLine(status: RelayStatus, json: boolean): string {
  if (json) return `${JSON.stringify(status)}\n`;
  const parts: string[] = [status.server, status.status, `epoch ${status.epoch}`];
  if ("lastSequence" in status) parts.push(`last sequence ${status.lastSequence}`);
  if (status.status === "gap")
    parts.push(status.reason, ...(status.dropped === undefined ? [] : [`${status.dropped} dropped`]));
  if (status.status === "reconnecting" && status.error !== undefined) parts.push(status.error);
  return `${parts.join("  ")}\n`;
}

/**
 * `amikit relay --config relay.json`: relays every configured Asterisk server to NATS JetStream (see
 * `@amikit/nats`) until Ctrl-C. Secrets come from the environment variables the config names; they
 * are never printed. Prints one line per status change (NDJSON with `--json`).
 */
export async function runRelay(parsed: ParsedCommandLine, context: CliContext): Promise<ExitCode> {
  expectPositionals(parsed, 0, 0, "relay --config relay.json");
  const path = stringOption(parsed, "config");
  if (path === undefined)
    throw new UsageError("relay needs --config <file>", ["amikit relay --config relay.json"]);
  const json = parsed.values.json === true;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliFailure(ExitCode.usage, `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let config: ReturnType<typeof parseRelayConfig>;
  try {
    config = parseRelayConfig(text, context.io.env);
  } catch (error) {
    throw new CliFailure(ExitCode.usage, `${path}: ${(error as Error).message}`, { cause: error });
  }
  let nats: Awaited<ReturnType<typeof connect>>;
  try {
    nats = await connect({
      servers: [...config.nats.servers],
      maxReconnectAttempts: -1,
      ...(config.nats.user === undefined ? {} : { user: config.nats.user }),
      ...(config.nats.pass === undefined ? {} : { pass: config.nats.pass }),
      ...(config.nats.token === undefined ? {} : { token: config.nats.token }),
    });
  } catch (error) {
    throw new CliFailure(
      ExitCode.connection,
      `cannot connect to NATS at ${config.nats.servers.join(", ")}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    const relay = await startRelay({
      ...config.relay,
      nats,
      transport: nodeTransport(),
      onError: (error, server) => warn(context, `${server}: ${(error as Error).message ?? String(error)}`),
    });
    relay.status$.subscribe((status) => context.io.stdout.write(statusLine(status, json)));
    note(
      context,
      `relaying ${relay.servers.join(", ")} to ${config.nats.servers.join(", ")} (Ctrl-C to stop)`,
    );
    await new Promise<void>((resolve) => {
      if (context.io.interrupt.aborted) resolve();
      else context.io.interrupt.addEventListener("abort", () => resolve(), { once: true });
    });
    await relay.close();
    return ExitCode.ok;
  } finally {
    await nats.close().catch(() => undefined);
  }
}
