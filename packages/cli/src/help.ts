import {
  commonOptions,
  connectionOptions,
  type OptionSpec,
  type SubcommandName,
  subcommandOptions,
} from "./arguments.ts";

/** One line of usage and a short description per subcommand. */
export const subcommandSummaries: Record<SubcommandName, { usage: string; description: string }> = {
  events: {
    usage: "events [--filter Newchannel,Hangup] [--json]",
    description: "tail live events until Ctrl-C",
  },
  action: {
    usage: "action <Name> [--Header value ...] [--json]",
    description: "send any action; list actions print their items and a count",
  },
  command: {
    usage: 'command "<cli command>"',
    description: "run an Asterisk CLI command and print its output",
  },
  repl: { usage: "repl", description: "interactive prompt with completion, history and live events" },
  top: {
    usage: "top [--domains calls,queues] [--once] [--json]",
    description: "live view of calls, bridges and queues, redrawn as events arrive",
  },
  simulate: {
    usage: "simulate [--port 5038] [--calls-per-second N]",
    description: "run a simulated Asterisk with call traffic (no Asterisk needed)",
  },
  relay: {
    usage: "relay --config relay.json",
    description: "relay Asterisk servers to NATS JetStream (@amikit/nats) until Ctrl-C",
  },
  demo: { usage: "demo [--duration 6]", description: "a few seconds of amikit against the simulator" },
  help: { usage: "help [command]", description: "show help for a command" },
};

const subcommandDetails: Partial<Record<SubcommandName, string[]>> = {
  action: [
    "Headers are passed as --Name value (or --Name=value); repeat one to send it several times",
    "(--Variable A=1 --Variable B=2). Names are checked against the Asterisk definitions: a missing",
    "required header or an unknown action is reported before anything is sent.",
    "",
    "Examples:",
    "  amikit action Ping",
    "  amikit action CoreShowChannels",
    "  amikit action Originate --Channel PJSIP/alice --Exten 2002 --Context default --Priority 1 --Async true",
  ],
  command: [
    "Examples:",
    '  amikit command "core show channels"',
    '  amikit command "pjsip show endpoints" --json',
  ],
  events: [
    "Readable key: value blocks by default; --json prints one JSON object per line (NDJSON),",
    "--oneline one short line per event. Runs until Ctrl-C (or --count events).",
  ],
  repl: [
    "At the prompt:",
    "  Originate Channel=PJSIP/alice Exten=2002 Context=default   send an action (Tab completes names)",
    "  !core show channels                                        run a CLI command",
    "  events on|off   filter Newchannel,Hangup   filter off   help   exit",
    "History is kept in ~/.amikit_history (AMIKIT_HISTORY to change, empty to disable).",
  ],
  top: [
    "On a terminal: a full screen redrawn in place as events arrive (at most 10 times a second), cut to",
    "its width, until q or Ctrl-C. The state comes from @amikit/live: a snapshot on every (re)connect,",
    "then events only. --once prints one snapshot after the first sync and exits; --json prints it as",
    "JSON (with --once one document, else the snapshot then one line per batch of changes).",
    "--domains takes calls, channels, bridges, queues, conferences, devices, extensions, or all.",
    "Queues show their agents (available, ringing, in call, paused: <reason>) and waiting callers.",
    "",
    "Examples:",
    "  amikit top --url ami://admin:amipass@127.0.0.1:5038",
    "  amikit top --domains queues",
    "  amikit top --once --json | jq '.calls | length'",
  ],
  relay: [
    "relay.json names the servers and where their secrets are (environment variables, never the file):",
    '  { "nats": { "servers": "nats://127.0.0.1:4222" },',
    '    "servers": [{ "name": "pbx-a", "host": "pbx-a.example.net", "username": "relay", "secretEnv": "PBX_A_SECRET" }] }',
    "Events go to JetStream on ami.<server>.event.<Event>, status to ami.<server>.status; actions are",
    'served on ami.<server>.action (read-only ones unless the server\'s "allow" lists more).',
  ],
  simulate: [
    "Listens with users admin/amipass (read/write all) and reader/readpass; prints the URL to use:",
    "  amikit simulate --port 5038 &",
    "  amikit events --url ami://admin:amipass@127.0.0.1:5038",
    "  amikit top --url ami://admin:amipass@127.0.0.1:5038    (queues support and sales too)",
  ],
};

const environment = [
  "AMI_URL, AMI_HOST, AMI_PORT, AMI_USERNAME, AMI_SECRET, AMI_TLS, AMI_AUTH   connection (flags win)",
  "AMI_TLS_CA, AMI_TLS_CERT, AMI_TLS_KEY, AMI_TLS_SERVER_NAME, AMI_TLS_INSECURE   TLS (any turns TLS on)",
  "NO_COLOR=1 / FORCE_COLOR=1   colour off / on",
];

function formatOptions(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short === undefined ? "    " : `-${spec.short}, `}--${name}${
      spec.valueName === undefined ? "" : ` <${spec.valueName}>`
    }`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 3;
  return rows.map(([flag, description]) => `  ${flag.padEnd(width)}${description}`);
}

/** The text of `amikit --help`. */
export function generalHelp(version: string): string {
  const width = Math.max(...Object.values(subcommandSummaries).map((entry) => entry.usage.length)) + 3;
  return [
    `amikit ${version} — the Asterisk Manager Interface from your terminal`,
    "",
    "Usage: amikit <command> [options]",
    "",
    "Commands:",
    ...Object.values(subcommandSummaries).map(
      (entry) => `  ${entry.usage.padEnd(width)}${entry.description}`,
    ),
    "",
    "Connection (events, action, command, repl, top):",
    ...formatOptions(connectionOptions),
    "",
    "Environment:",
    ...environment.map((line) => `  ${line}`),
    "",
    "The secret comes from the URL, AMI_SECRET, or a prompt that does not echo.",
    "Exit codes: 0 ok, 1 Asterisk answered an error, 2 usage error, 3 connection or login failed.",
    "Try it without Asterisk: amikit demo",
    "",
  ].join("\n");
}

/** The text of `amikit <command> --help`. */
export function subcommandHelp(name: SubcommandName): string {
  const summary = subcommandSummaries[name];
  const options = { ...subcommandOptions[name], ...commonOptions };
  return [
    `Usage: amikit ${summary.usage}`,
    "",
    `${summary.description[0]?.toUpperCase()}${summary.description.slice(1)}.`,
    ...(subcommandDetails[name] === undefined ? [] : ["", ...(subcommandDetails[name] ?? [])]),
    "",
    "Options:",
    ...formatOptions(options),
    "",
  ].join("\n");
}
