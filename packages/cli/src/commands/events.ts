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
import { connectionSettingsOf, openClient, timeoutOption } from "../connection/open-client.ts";
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
  const client = await openClient(
    settings,
    context,
    { events: true, reconnect: true },
    timeoutOption(parsed),
  );
  note(
    context,
    `connected to ${describeTarget(settings)}; showing ${filter === undefined ? "all events" : [...filter].join(", ")} until Ctrl-C`,
  );
  let printed = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      if (limit === 0) return resolve();
      const events = client.events$.subscribe({
        next: (event) => {
          const name = headerValue(event, "Event") ?? "";
          if (filter !== undefined && !filter.has(name.toLowerCase())) return;
          printPacket(event, mode, context);
          printed++;
          if (limit !== undefined && printed >= limit) finish();
        },
        error: (error: unknown) => fail(error),
        complete: () => finish(),
      });
      const states = client.state$.subscribe((state) => {
        if (state.status === "reconnecting") {
          note(
            context,
            `connection lost${state.error === undefined ? "" : ` (${state.error.message})`}; reconnecting…`,
          );
        } else if (state.status === "closed" && state.error !== undefined) {
          fail(state.error);
        }
      });
      const onInterrupt = () => finish();
      context.io.interrupt.addEventListener("abort", onInterrupt, { once: true });
      function cleanUp() {
        events.unsubscribe();
        states.unsubscribe();
        context.io.interrupt.removeEventListener("abort", onInterrupt);
      }
      function finish() {
        cleanUp();
        resolve();
      }
      function fail(error: unknown) {
        cleanUp();
        const reason = error instanceof Error ? error.message : String(error);
        reject(
          new CliFailure(ExitCode.connection, `connection to ${describeTarget(settings)} lost: ${reason}`, {
            cause: error,
          }),
        );
      }
      if (context.io.interrupt.aborted) finish();
    });
  } finally {
    await client.close().catch(() => {});
  }
  return ExitCode.ok;
}
