import { readFileSync } from "node:fs";
import { type ParsedCommandLine, parseCommandLine, type SubcommandName, wantsVersion } from "./arguments.ts";
import { classifyError, UsageError } from "./cli-errors.ts";
import type { CliContext, CliIo } from "./context.ts";
import { ExitCode } from "./exit-codes.ts";
import { createPalette, shouldUseColour } from "./format/colour.ts";
import { generalHelp, subcommandHelp } from "./help.ts";

type Runner = (parsed: ParsedCommandLine, context: CliContext) => Promise<ExitCode>;

// Each subcommand is loaded when it runs, so `--help` or a usage error does not pay for loading the
// client, RxJS, the definitions table and the fake Asterisk.
const runners: Record<Exclude<SubcommandName, "help">, () => Promise<Runner>> = {
  events: async () => (await import("./commands/events.ts")).runEvents,
  action: async () => (await import("./commands/action.ts")).runAction,
  command: async () => (await import("./commands/command.ts")).runCommand,
  repl: async () => (await import("./commands/repl.ts")).runRepl,
  top: async () => (await import("./commands/top.ts")).runTop,
  simulate: async () => (await import("./commands/simulate.ts")).runSimulate,
  relay: async () => (await import("./commands/relay.ts")).runRelay,
  demo: async () => (await import("./commands/demo.ts")).runDemo,
};

/** The version in this package's package.json. */
export function cliVersion(): string {
  try {
    const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
    return (JSON.parse(text) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/**
 * Runs the `amikit` command line and returns the exit code; never throws. Every failure is reported on
 * stderr as one line (`amikit: <reason>`), followed by hints for usage errors.
 *
 * @param argv - the arguments after the program name.
 * @param io - the streams, environment and interrupt signal to use.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const version = cliVersion();
  const noColorFlag = argv.includes("--no-color");
  const context: CliContext = {
    io,
    version,
    colour: createPalette(shouldUseColour({ env: io.env, isTTY: io.stdout.isTTY === true, noColorFlag })),
    errorColour: createPalette(
      shouldUseColour({ env: io.env, isTTY: io.stderr.isTTY === true, noColorFlag }),
    ),
  };
  try {
    if (wantsVersion(argv)) {
      io.stdout.write(`${version}\n`);
      return ExitCode.ok;
    }
    const parsed = parseCommandLine(argv);
    if (parsed.subcommand === "help") {
      const topic = parsed.positionals[0];
      if (topic === undefined) io.stdout.write(generalHelp(version));
      else if (topic in runners) io.stdout.write(subcommandHelp(topic as SubcommandName));
      else throw new UsageError(`no help for "${topic}": not a command`);
      return ExitCode.ok;
    }
    if (parsed.values.help === true) {
      io.stdout.write(subcommandHelp(parsed.subcommand));
      return ExitCode.ok;
    }
    const run = await runners[parsed.subcommand]();
    return await run(parsed, context);
  } catch (error) {
    const { exitCode, reason } = classifyError(error);
    const red = context.errorColour.red;
    io.stderr.write(`${red("amikit:")} ${reason}\n`);
    if (error instanceof UsageError) for (const hint of error.hints) io.stderr.write(`  ${hint}\n`);
    return exitCode;
  }
}
