import type { AmiClient } from "@amikit/client";
import { booleanOption, expectPositionals, type ParsedCommandLine } from "../arguments.ts";
import { CliFailure, classifyError } from "../cli-errors.ts";
import { connectionSettingsOf, openClient, timeoutOption } from "../connection/open-client.ts";
import { type CliContext, warn } from "../context.ts";
import { ExitCode } from "../exit-codes.ts";
import type { PacketFields } from "../format/packet-format.ts";
import { type OutputMode, printPacket } from "../format/printer.ts";
import { type CheckedAction, checkAction } from "./action-request.ts";

const usage = "action <Name> [--Header value ...] [--json]";

/** Whether an action is an Originate with `Async: true`, whose outcome arrives as OriginateResponse. */
export function isAsyncOriginate(action: CheckedAction): boolean {
  const value = action.params.Async;
  return action.name === "Originate" && typeof value === "string" && /^(true|yes|1|on|y|t)$/i.test(value);
}

/**
 * `amikit action <Name> [--Header value ...]`: checks the action against the definitions, sends it and
 * prints the answer; a list action's items follow with their count. An async Originate waits for its
 * OriginateResponse and prints that.
 */
export async function runAction(parsed: ParsedCommandLine, context: CliContext): Promise<ExitCode> {
  expectPositionals(parsed, 1, 1, usage);
  const force = booleanOption(parsed, "force");
  const action = checkAction(parsed.positionals[0] as string, parsed.headers, force);
  for (const warning of action.warnings) warn(context, warning);
  const mode: OutputMode = booleanOption(parsed, "json") ? "json" : "blocks";
  const settings = connectionSettingsOf(parsed, context);
  const asyncOriginate = isAsyncOriginate(action);
  const client = await openClient(
    settings,
    context,
    { events: asyncOriginate, reconnect: false, validate: !force },
    timeoutOption(parsed),
  );
  try {
    await sendAndPrint(client, action, mode, context);
    return ExitCode.ok;
  } catch (error) {
    throw reportActionFailure(error, action.name, mode, context);
  } finally {
    await client.close().catch(() => {});
  }
}

/** Sends a checked action and prints what comes back. Shared by `action`, the REPL and the demo. */
export async function sendAndPrint(
  client: AmiClient,
  action: CheckedAction,
  mode: OutputMode,
  context: CliContext,
): Promise<void> {
  if (isAsyncOriginate(action)) {
    const { Async: _async, ...params } = action.params;
    const event = await client.originate(params as Parameters<AmiClient["originate"]>[0]);
    printPacket(event as unknown as PacketFields, mode, context);
    return;
  }
  const result = await client.list(action.name as never, action.params as never);
  printPacket(result.response as PacketFields, mode, context);
  if (result.complete === undefined && result.events.length === 0) return;
  for (const item of result.events) printPacket(item as PacketFields, mode, context);
  if (result.complete !== undefined) printPacket(result.complete as PacketFields, mode, context);
  if (mode !== "json") {
    const count = result.events.length;
    context.io.stdout.write(`${context.colour.bold(`${count} ${count === 1 ? "item" : "items"}`)}\n`);
  }
}

/**
 * Turns a failed action into the CLI failure to report: Asterisk's error answer (or the failed
 * OriginateResponse) is printed to stdout in the chosen mode, and the one-line reason is returned for
 * stderr with exit code 1 (3 if the connection was lost, 2 if the client refused the parameters).
 */
export function reportActionFailure(
  error: unknown,
  actionName: string,
  mode: OutputMode,
  context: CliContext,
): CliFailure {
  if (error instanceof CliFailure) return error;
  const answer =
    (error as { response?: unknown; event?: unknown }).response ?? (error as { event?: unknown }).event;
  if (answer !== undefined && typeof answer === "object" && answer !== null) {
    printPacket(answer as PacketFields, mode, context);
  }
  const { exitCode, reason } = classifyError(error, "run");
  return new CliFailure(exitCode, `${actionName}: ${reason}`, { cause: error });
}
