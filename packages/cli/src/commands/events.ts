import { eventMetadata, findEvent } from "@amikit/definitions";
import {
  booleanOption,
  expectPositionals,
  numberOption,
  type ParsedCommandLine,
  stringOption,
} from "../arguments.ts";
import { CliFailure } from "../cli-errors.ts";
import { describeTarget } from "../connection/connection-options.ts";
import {
  connectCliClient,
  connectionSettingsOf,
  createCliClient,
  reconnectPolicyOf,
  timeoutOption,
} from "../connection/open-client.ts";
import { createReconnectStatus, stderrStatusSink } from "../connection/reconnect-status.ts";
import { type CliContext, note, warn } from "../context.ts";
import { suggest } from "../did-you-mean.ts";
import { ExitCode } from "../exit-codes.ts";
import { headerValue } from "../format/packet-format.ts";
import { outputModeOf, printPacket } from "../format/printer.ts";

/**
 * Parses `--filter Newchannel,Hangup` into lower-cased names, warning about names the definitions do
 * not know (with a suggestion) — they are still used, since custom modules raise their own events.
 */
export function parseEventFilter(text: string | undefined, context: CliContext): Set<string> | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0) return undefined;
  for (const name of names) {
    if (findEvent(name) !== undefined) continue;
    const guesses = suggest(name, Object.keys(eventMetadata));
    warn(
      context,
      `no event "${name}" in the Asterisk definitions${guesses.length > 0 ? ` (did you mean ${guesses.join(", ")}?)` : ""}`,
    );
  }
  return new Set(names.map((name) => name.toLowerCase()));
}

/** The events the filter keeps, named as the definitions spell them (`hangup` → `Hangup`). */
function describeFilter(parsed: ParsedCommandLine): string {
  const names = (stringOption(parsed, "filter") ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0) return "all events";
  return names.map((name) => findEvent(name)?.name ?? name).join(", ");
}

/**
 * `amikit events`: prints live events until Ctrl-C (or `--count n` events), readable by default,
 * NDJSON with `--json`. Reconnects when the connection drops.
 */
export async function runEvents(parsed: ParsedCommandLine, context: CliContext): Promise<ExitCode> {
  expectPositionals(parsed, 0, 0, "events [--filter Newchannel,Hangup] [--json]");
  const mode = outputModeOf({
    json: booleanOption(parsed, "json"),
    oneline: booleanOption(parsed, "oneline"),
  });
  const filter = parseEventFilter(stringOption(parsed, "filter"), context);
  const limit = numberOption(parsed, "count");
  const settings = connectionSettingsOf(parsed, context);
  const policy = reconnectPolicyOf(parsed);
  const client = await createCliClient(
    settings,
    context,
    { events: true, reconnect: policy },
    timeoutOption(parsed),
  );
  let printed = 0;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  let outcome: { error: unknown } | "done" | undefined;
  const finish = () => {
    if (outcome === undefined) outcome = "done";
    settle?.resolve();
  };
  const fail = (error: unknown) => {
    if (error instanceof CliFailure) {
      if (outcome === undefined) outcome = { error };
      settle?.reject(error);
      return;
    }
    const reason = error instanceof Error ? error.message : String(error);
    const failure = new CliFailure(
      ExitCode.connection,
      `connection to ${describeTarget(settings)} lost: ${reason}`,
      {
        cause: error,
      },
    );
    if (outcome === undefined) outcome = { error: failure };
    settle?.reject(failure);
  };
  // Subscribed before connecting, so not even the first events after the login are missed.
  const events = client.events$.subscribe({
    next: (event) => {
      if (outcome !== undefined) return;
      const name = headerValue(event, "Event") ?? "";
      if (filter !== undefined && !filter.has(name.toLowerCase())) return;
      printPacket(event, mode, context);
      printed++;
      if (limit !== undefined && printed >= limit) finish();
    },
    error: (error: unknown) => fail(error),
    complete: () => finish(),
  });
  // Status lines go to stderr, so stdout (NDJSON with --json) carries events only.
  const status = createReconnectStatus(
    stderrStatusSink(context),
    context.errorColour,
    describeTarget(settings),
    policy,
  );
  const states = client.state$.subscribe((state) => {
    status.update(state);
    if (status.failure !== undefined) fail(status.failure);
  });
  const onInterrupt = () => finish();
  context.io.interrupt.addEventListener("abort", onInterrupt, { once: true });
  try {
    await connectCliClient(client, settings);
    note(
      context,
      `connected to ${describeTarget(settings)}; showing ${describeFilter(parsed)}${
        limit === undefined ? " until Ctrl-C" : `; exiting after ${limit} (Ctrl-C to stop sooner)`
      }`,
    );
    if (limit === 0 || context.io.interrupt.aborted) finish();
    await new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
      if (outcome === "done") resolve();
      else if (outcome !== undefined) reject(outcome.error);
    });
  } finally {
    events.unsubscribe();
    states.unsubscribe();
    context.io.interrupt.removeEventListener("abort", onInterrupt);
    await client.close().catch(() => {});
  }
  return ExitCode.ok;
}
