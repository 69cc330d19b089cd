import { formatTarget } from "@amikit/transport";
import {
  booleanOption,
  expectPositionals,
  numberOption,
  type ParsedCommandLine,
  stringOption,
} from "../arguments.ts";
import { CliFailure } from "../cli-errors.ts";
import { parsePort } from "../connection/connection-options.ts";
import { type CliContext, note } from "../context.ts";
import { ExitCode } from "../exit-codes.ts";
import { startSimulatedAsterisk } from "../simulator/simulated-asterisk.ts";

/**
 * `amikit simulate`: runs a fake Asterisk 22 with simulated call traffic until Ctrl-C (or `--duration`),
 * so every other subcommand can be tried without an Asterisk.
 */
export async function runSimulate(parsed: ParsedCommandLine, context: CliContext): Promise<ExitCode> {
  expectPositionals(parsed, 0, 0, "simulate [--port 5038] [--calls-per-second N]");
  const host = stringOption(parsed, "host") ?? "127.0.0.1";
  const portText = stringOption(parsed, "port");
  const port = portText === undefined ? 5038 : parsePort(portText, "--port", true);
  const callsPerSecond = numberOption(parsed, "calls-per-second") ?? 1;
  const duration = numberOption(parsed, "duration");
  let simulation: Awaited<ReturnType<typeof startSimulatedAsterisk>>;
  try {
    simulation = await startSimulatedAsterisk({ host, port, callsPerSecond });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const inUse = (error as { code?: unknown } | undefined)?.code === "EADDRINUSE";
    const hint = inUse
      ? ` (another program has port ${port}: pick another with --port, or --port 0 for any free one)`
      : "";
    const where = formatTarget(host, port);
    throw new CliFailure(ExitCode.connection, `cannot listen on ${where}: ${reason}${hint}`, {
      cause: error,
    });
  }
  const { stdout } = context.io;
  if (booleanOption(parsed, "json")) {
    stdout.write(
      `${JSON.stringify({ host: simulation.host, port: simulation.port, url: simulation.url })}\n`,
    );
  } else {
    const c = context.colour;
    stdout.write(
      [
        `${c.bold("Simulated Asterisk 22")} listening on ${c.cyan(formatTarget(simulation.host, simulation.port))}` +
          ` — ${callsPerSecond} new call${callsPerSecond === 1 ? "" : "s"}/s`,
        `users: admin/amipass (all), reader/readpass (read call,system)`,
        `queues: support, sales (1 new call in 4 is a caller sent into one)`,
        `url:   ${simulation.url}`,
        "",
        "Try, in another terminal:",
        `  amikit events --url ${simulation.url} --oneline`,
        `  amikit action CoreShowChannels --url ${simulation.url}`,
        `  amikit command "core show channels" --url ${simulation.url}`,
        `  amikit repl --url ${simulation.url}`,
        `  amikit top --url ${simulation.url}`,
        "",
      ].join("\n"),
    );
  }
  await new Promise<void>((resolve) => {
    const timer = duration === undefined ? undefined : setTimeout(resolve, duration * 1000);
    context.io.interrupt.addEventListener(
      "abort",
      () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
  const { callsStarted, eventsEmitted } = simulation.simulator.stats;
  await simulation.close();
  note(context, `simulator stopped after ${callsStarted} calls and ${eventsEmitted} events`);
  return ExitCode.ok;
}
