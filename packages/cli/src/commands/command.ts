import { booleanOption, expectPositionals, type ParsedCommandLine } from "../arguments.ts";
import { CliFailure, classifyError } from "../cli-errors.ts";
import { connectionSettingsOf, openClient, timeoutOption } from "../connection/open-client.ts";
import type { CliContext } from "../context.ts";
import { ExitCode } from "../exit-codes.ts";
import { headerValues } from "../format/packet-format.ts";

/**
 * `amikit command "<cli command>"`: runs an Asterisk CLI command through the Command action and prints
 * its output lines (a JSON array with `--json`). Works with both answer forms (Asterisk 14+ `Output:`
 * headers, and the older `Response: Follows` body).
 */
export async function runCommand(parsed: ParsedCommandLine, context: CliContext): Promise<ExitCode> {
  expectPositionals(parsed, 1, 1, 'command "<cli command>"');
  const cli = (parsed.positionals[0] as string).trim();
  if (cli === "")
    throw new CliFailure(ExitCode.usage, 'the CLI command is empty: amikit command "core show channels"');
  const json = booleanOption(parsed, "json");
  const client = await openClient(
    connectionSettingsOf(parsed, context),
    context,
    { events: false, reconnect: false },
    timeoutOption(parsed),
  );
  try {
    const lines = await client.command(cli);
    context.io.stdout.write(json ? `${JSON.stringify(lines)}\n` : lines.map((line) => `${line}\n`).join(""));
    return ExitCode.ok;
  } catch (error) {
    // Asterisk answers an unknown CLI command with Response: Error and the explanation as Output.
    const response = (error as { response?: Record<string, string | readonly string[] | undefined> })
      .response;
    const output = response === undefined ? [] : headerValues(response, "Output");
    if (json && output.length > 0) context.io.stdout.write(`${JSON.stringify(output)}\n`);
    const { exitCode, reason } = classifyError(error, "run");
    const detail = output.length > 0 ? output.join(" ").trim() : reason;
    throw new CliFailure(exitCode, `command failed: ${detail}`, { cause: error });
  } finally {
    await client.close().catch(() => {});
  }
}
