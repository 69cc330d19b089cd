import { type AmiClient, createClient } from "@amikit/client";
import { nodeTransport } from "@amikit/node";
import { formatTarget } from "@amikit/transport";
import { expectPositionals, numberOption, type ParsedCommandLine } from "../arguments.ts";
import { CliFailure, classifyError } from "../cli-errors.ts";
import type { CliContext } from "../context.ts";
import { ExitCode } from "../exit-codes.ts";
import { formatSummary, headerValue, type PacketFields } from "../format/packet-format.ts";
import { type SimulatedAsterisk, startSimulatedAsterisk } from "../simulator/simulated-asterisk.ts";

/** One step of the demo: a title, and what to run. */
interface DemoStep {
  readonly title: string;
  readonly code: string;
  run(client: AmiClient): Promise<string[]>;
}

const steps: readonly DemoStep[] = [
  {
    title: "Ping",
    code: 'await ami.action("Ping")',
    async run(client) {
      const response = await client.action("Ping");
      return [`Response: ${String(response.Response)}  Ping: ${String(response.Ping)}`];
    },
  },
  {
    title: "A CLI command",
    code: 'await ami.command("core show version")',
    run: (client) => client.command("core show version"),
  },
  {
    title: "Originate a call and wait for its OriginateResponse",
    code: 'await ami.originate({ Channel: "PJSIP/alice", Context: "from-internal", Exten: "1002", Priority: "1" })',
    async run(client) {
      const event = await client.originate({
        Channel: "PJSIP/alice",
        Context: "from-internal",
        Exten: "1002",
        Priority: "1",
        CallerID: '"Alice Martin" <1001>',
      });
      return [
        `OriginateResponse: ${String(event.Response)} on ${String(event.Channel)} (Reason ${String(event.Reason)})`,
      ];
    },
  },
  {
    title: "A list action",
    code: 'const { events, complete } = await ami.list("CoreShowChannels")',
    async run(client) {
      const { events, complete } = await client.list("CoreShowChannels");
      const lines = events.map(
        (event) =>
          `${String(event.Channel).padEnd(24)} ${String(event.ChannelStateDesc).padEnd(8)} ${String(event.Application)}(${String(event.ApplicationData)})`,
      );
      return [
        ...lines,
        `${events.length} items; ${String(complete?.Event)} says ListItems: ${String(complete?.ListItems)}`,
      ];
    },
  },
  {
    title: "The same, as Asterisk's CLI prints it",
    code: 'await ami.command("core show channels")',
    async run(client) {
      const lines = await client.command("core show channels");
      return lines.map((line) => line.trimEnd());
    },
  },
];

/**
 * `amikit demo`: starts the simulated Asterisk in-process, connects the client to it over TCP, tails
 * its events and runs a few actions (Ping, Command, Originate, a list) for a few seconds, then exits 0.
 */
export async function runDemo(parsed: ParsedCommandLine, context: CliContext): Promise<ExitCode> {
  expectPositionals(parsed, 0, 0, "demo [--duration 6]");
  const duration = (numberOption(parsed, "duration") ?? 6) * 1000;
  const callsPerSecond = numberOption(parsed, "calls-per-second") ?? 2;
  const { stdout } = context.io;
  const c = context.colour;
  const say = (text = "") => stdout.write(`${text}\n`);
  const started = Date.now();

  let simulation: SimulatedAsterisk;
  try {
    simulation = await startSimulatedAsterisk({
      port: 0,
      callsPerSecond,
      ringMs: [200, 700],
      talkMs: [800, 2500],
      seed: 2026,
    });
  } catch (error) {
    throw new CliFailure(ExitCode.connection, `cannot start the simulator: ${classifyError(error).reason}`, {
      cause: error,
    });
  }
  say(c.bold("amikit demo"));
  say(
    c.dim(
      `A simulated Asterisk 22 is running on ${formatTarget(simulation.host, simulation.port)} with ${callsPerSecond} new calls/s;\n` +
        "the amikit client talks to it over TCP, exactly as it would to a real server.",
    ),
  );
  say();

  const client = createClient({
    transport: nodeTransport(),
    host: simulation.host,
    port: simulation.port,
    username: "admin",
    secret: "amipass",
    reconnect: false,
  });
  let eventCount = 0;
  const seen = new Map<string, number>();
  try {
    try {
      await client.connect();
    } catch (error) {
      throw new CliFailure(
        ExitCode.connection,
        `cannot connect to the simulator: ${classifyError(error, "connect").reason}`,
        {
          cause: error,
        },
      );
    }
    say(
      `${c.green("✓")} connected and logged in as admin   ${c.dim("const ami = await connect({ host, port, username, secret })")}`,
    );
    say();
    // While a step runs, events are held back and printed after its result, so the two do not mix.
    let held: string[] | undefined;
    const subscription = client.events$.subscribe((event) => {
      eventCount++;
      const name = headerValue(event as PacketFields, "Event") ?? "?";
      seen.set(name, (seen.get(name) ?? 0) + 1);
      if (!interesting.has(name)) return;
      const line = `  ${c.dim("event")} ${formatSummary(event as PacketFields, c)}`;
      if (held === undefined) say(line);
      else held.push(line);
    });
    say(c.dim("Live events (ami.events$.subscribe(...)), interleaved with actions:"));
    const pause = (ms: number) => sleep(ms, context.io.interrupt);
    await pause(900);
    for (const step of steps) {
      if (context.io.interrupt.aborted) break;
      say();
      say(`${c.bold(c.cyan(`▶ ${step.title}`))}   ${c.dim(step.code)}`);
      let lines: string[];
      held = [];
      try {
        lines = await step.run(client);
      } catch (error) {
        const { reason } = classifyError(error);
        throw new CliFailure(ExitCode.amiError, `${step.title} failed: ${reason}`, { cause: error });
      }
      for (const line of lines) say(`  ${line}`);
      say();
      const during = held;
      held = undefined;
      for (const line of during) say(line);
      await pause(Math.max(300, (duration - 1500) / steps.length - 200));
    }
    const remaining = duration - (Date.now() - started);
    if (remaining > 0) await pause(remaining);
    subscription.unsubscribe();
  } finally {
    await client.close().catch(() => {});
    await simulation.close();
  }
  const top = [...seen.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, count]) => `${name} ${count}`)
    .join(", ");
  say();
  say(
    `${c.green("✓")} ${eventCount} events in ${((Date.now() - started) / 1000).toFixed(1)} s (${top}); ` +
      `${simulation.simulator.stats.callsStarted} calls simulated.`,
  );
  // Run by a script of the amikit repository (`pnpm demo`), where `amikit` is the root script `pnpm amikit`.
  const amikit = context.io.env.npm_package_name === "amikit-monorepo" ? "pnpm amikit" : "amikit";
  say(
    c.dim(
      `Next: ${amikit} simulate (a server to play with), then ${amikit} repl --url ami://admin:amipass@127.0.0.1:5038`,
    ),
  );
  return ExitCode.ok;
}

/** The events the demo prints (the rest are counted): the life of a call. */
const interesting = new Set([
  "Newchannel",
  "DialBegin",
  "DialEnd",
  "BridgeEnter",
  "Hangup",
  "OriginateResponse",
]);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
