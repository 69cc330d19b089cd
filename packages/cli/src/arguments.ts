import { parseArgs } from "node:util";
import { UsageError } from "./cli-errors.ts";
import { suggest } from "./did-you-mean.ts";

/** One command-line option: its type, short letter, value name and help text. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
  /** Name of the value in help output (`--port <port>`). */
  readonly valueName?: string;
  readonly description: string;
}

/** Options that say where to connect; accepted by every subcommand that talks to a server. */
export const connectionOptions = {
  url: { type: "string", valueName: "url", description: "ami://user:secret@host:5038 (amis:// for TLS)" },
  host: {
    type: "string",
    short: "H",
    valueName: "host",
    description: "server address (AMI_HOST; 127.0.0.1)",
  },
  port: {
    type: "string",
    short: "p",
    valueName: "port",
    description: "AMI port (AMI_PORT; 5038, 5039 with TLS)",
  },
  username: { type: "string", short: "u", valueName: "name", description: "AMI user (AMI_USERNAME)" },
  tls: { type: "boolean", description: "connect with TLS (AMI_TLS=1)" },
  "tls-ca": {
    type: "string",
    valueName: "file",
    description: "trust the CA(s) in this PEM file, not the system's (AMI_TLS_CA; implies --tls)",
  },
  "tls-cert": {
    type: "string",
    valueName: "file",
    description: "client certificate, PEM, for mutual TLS (AMI_TLS_CERT; with --tls-key)",
  },
  "tls-key": {
    type: "string",
    valueName: "file",
    description: "the client certificate's private key, PEM (AMI_TLS_KEY)",
  },
  "tls-server-name": {
    type: "string",
    valueName: "name",
    description: "name to expect in the server's certificate, and send as SNI (AMI_TLS_SERVER_NAME)",
  },
  "tls-insecure": {
    type: "boolean",
    description: "do not verify the server's certificate: test servers only (AMI_TLS_INSECURE=1)",
  },
  auth: {
    type: "string",
    valueName: "plain|md5",
    description: "login with the secret (plain) or an MD5 challenge",
  },
  timeout: {
    type: "string",
    valueName: "ms",
    description: "give up on the connection or an action after ms (10000)",
  },
} as const satisfies Record<string, OptionSpec>;

/** Reconnect options of the long-running subcommands (`events`, `repl`). */
export const reconnectOptions = {
  "reconnect-attempts": {
    type: "string",
    valueName: "n",
    description: "give up (exit 3) after n failed reconnect attempts (retries forever)",
  },
  "reconnect-delay": {
    type: "string",
    valueName: "ms",
    description: "first wait before reconnecting, doubled after each failure up to 30 s (250)",
  },
} as const satisfies Record<string, OptionSpec>;

/** Options every subcommand accepts. */
export const commonOptions = {
  help: { type: "boolean", short: "h", description: "show help" },
  "no-color": { type: "boolean", description: "no colours (also NO_COLOR=1, or when not a terminal)" },
} as const satisfies Record<string, OptionSpec>;

/** Options of each subcommand, besides the common ones. */
export const subcommandOptions = {
  events: {
    ...connectionOptions,
    ...reconnectOptions,
    filter: {
      type: "string",
      short: "f",
      valueName: "names",
      description: "only these events, comma-separated",
    },
    json: { type: "boolean", description: "one JSON object per line (NDJSON)" },
    oneline: { type: "boolean", description: "one short line per event" },
    count: { type: "string", short: "n", valueName: "n", description: "exit after n events" },
  },
  action: {
    ...connectionOptions,
    json: { type: "boolean", description: "print the response (and list items) as NDJSON" },
    force: {
      type: "boolean",
      description: "send even if the definitions do not know the action or a header is missing",
    },
  },
  command: {
    ...connectionOptions,
    json: { type: "boolean", description: "print the output lines as a JSON array" },
  },
  repl: {
    ...connectionOptions,
    ...reconnectOptions,
    json: { type: "boolean", description: "print events and responses as NDJSON" },
    quiet: {
      type: "boolean",
      short: "q",
      description: "start with live events hidden (`events on` shows them)",
    },
  },
  top: {
    ...connectionOptions,
    ...reconnectOptions,
    domains: {
      type: "string",
      valueName: "names",
      description: "what to track and show, comma-separated (calls,bridges,queues,conferences)",
    },
    once: { type: "boolean", description: "print one snapshot after the first sync and exit" },
    json: {
      type: "boolean",
      description: "JSON: one document with --once, else the snapshot then one line per change batch",
    },
  },
  simulate: {
    host: { type: "string", short: "H", valueName: "host", description: "address to listen on (127.0.0.1)" },
    port: {
      type: "string",
      short: "p",
      valueName: "port",
      description: "port to listen on (5038; 0 picks a free one)",
    },
    "calls-per-second": {
      type: "string",
      short: "c",
      valueName: "n",
      description: "new calls per second (1; 0 for none)",
    },
    duration: {
      type: "string",
      short: "d",
      valueName: "seconds",
      description: "stop after this many seconds (runs until Ctrl-C)",
    },
    json: { type: "boolean", description: "print the listening address as one JSON line" },
  },
  relay: {
    config: { type: "string", valueName: "file", description: "the relay config (servers, NATS, buffer)" },
    json: { type: "boolean", description: "print status changes as NDJSON" },
  },
  demo: {
    duration: { type: "string", short: "d", valueName: "seconds", description: "how long to run (6)" },
    "calls-per-second": {
      type: "string",
      short: "c",
      valueName: "n",
      description: "new calls per second (2)",
    },
  },
  help: {},
} as const satisfies Record<string, Record<string, OptionSpec>>;

/** The subcommands of `amikit`. */
export type SubcommandName = keyof typeof subcommandOptions;

/** The subcommand names, in help order. */
export const subcommandNames = Object.keys(subcommandOptions) as SubcommandName[];

/** What a command line says: the subcommand, its option values, positionals and (for `action`) headers. */
export interface ParsedCommandLine {
  readonly subcommand: SubcommandName;
  /** Option values by long name: `string`, `boolean`, or `string[]` for repeatable ones. */
  readonly values: Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>;
  /** Arguments that are not options, after the subcommand name. */
  readonly positionals: readonly string[];
  /** `--Header value` pairs given to `action`, in order; a repeated header collects every value. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
}

/** Whether the argument list asks for the version (`-V`, `--version`) before any subcommand. */
export function wantsVersion(argv: readonly string[]): boolean {
  return argv[0] === "--version" || argv[0] === "-V";
}

/**
 * Parses `amikit <subcommand> [options]`. The subcommand must come first. For `action`, any
 * `--Name value` (or `--Name=value`) whose name is not one of the CLI's own options is an action header:
 * `amikit action Originate --Channel PJSIP/alice --Exten 2002 --Variable A=1 --Variable B=2`. The CLI's
 * own options are all lower-case, so `--timeout` is the CLI's timeout while `--Timeout` is Originate's
 * header.
 *
 * @throws UsageError - for an unknown subcommand or option, a missing value, or a misplaced argument.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h") {
    return { subcommand: "help", values: {}, positionals: [], headers: new Map() };
  }
  if (first.startsWith("-")) {
    throw new UsageError(`expected a command before "${first}"`, [
      "run amikit --help for the list of commands",
    ]);
  }
  if (!isSubcommand(first)) {
    const guesses = suggest(first, subcommandNames);
    throw new UsageError(`unknown command "${first}"`, [
      ...(guesses.length > 0 ? [`did you mean: ${guesses.join(", ")}?`] : []),
      "run amikit --help for the list of commands",
    ]);
  }
  const options: Record<string, OptionSpec> = { ...commonOptions, ...subcommandOptions[first] };
  const { optionArgs, headers } =
    first === "action" ? splitHeaders(rest, options) : { optionArgs: rest, headers: new Map() };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: optionArgs,
      options: toParseArgsConfig(options),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw explainParseError(error, first, options);
  }
  return { subcommand: first, values: parsed.values, positionals: parsed.positionals, headers };
}

function isSubcommand(name: string): name is SubcommandName {
  return Object.hasOwn(subcommandOptions, name);
}

function toParseArgsConfig(options: Record<string, OptionSpec>) {
  const config: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(options)) {
    config[name] = {
      type: spec.type,
      ...(spec.short === undefined ? {} : { short: spec.short }),
      ...(spec.multiple === undefined ? {} : { multiple: spec.multiple }),
    };
  }
  return config;
}

/** Separates `action`'s header arguments from the CLI's own options. */
function splitHeaders(
  args: readonly string[],
  options: Record<string, OptionSpec>,
): { optionArgs: string[]; headers: Map<string, string[]> } {
  const optionArgs: string[] = [];
  const headers = new Map<string, string[]>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === "--") {
      optionArgs.push(...args.slice(index));
      break;
    }
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (match === null || Object.hasOwn(options, match[1] as string)) {
      optionArgs.push(arg);
      // A known string option's value follows it; keep it with the option.
      const spec = match === null ? undefined : options[match[1] as string];
      if (spec?.type === "string" && match?.[2] === undefined && index + 1 < args.length) {
        optionArgs.push(args[++index] as string);
      }
      continue;
    }
    const name = match[1] as string;
    let value = match[2];
    if (value === undefined) {
      if (index + 1 >= args.length) {
        throw new UsageError(`header --${name} needs a value (--${name} <value>, or --${name}= for empty)`);
      }
      value = args[++index] as string;
    }
    const list = headers.get(name) ?? [];
    list.push(value);
    headers.set(name, list);
  }
  return { optionArgs, headers };
}

function explainParseError(
  error: unknown,
  subcommand: SubcommandName,
  options: Record<string, OptionSpec>,
): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | undefined)?.code;
  const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown !== undefined) {
    const bare = unknown.replace(/^-+/, "");
    const guesses = suggest(bare, Object.keys(options)).map((name) => `--${name}`);
    return new UsageError(`unknown option ${unknown} for "amikit ${subcommand}"`, [
      ...(guesses.length > 0 ? [`did you mean: ${guesses.join(", ")}?`] : []),
      `run amikit ${subcommand} --help for its options`,
    ]);
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return new UsageError(firstSentence(message), [`run amikit ${subcommand} --help for its options`]);
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return new UsageError(firstSentence(message), [`run amikit ${subcommand} --help for its usage`]);
  }
  return new UsageError(firstSentence(message));
}

function firstSentence(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/\. To specify.*$/, "");
}

/** Reads a string option, or `undefined`. */
export function stringOption(parsed: ParsedCommandLine, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === "string" ? value : undefined;
}

/** Reads a boolean option (absent is `false`). */
export function booleanOption(parsed: ParsedCommandLine, name: string): boolean {
  return parsed.values[name] === true;
}

/**
 * Reads a non-negative number option (`--calls-per-second 2.5`, `--duration 10`).
 *
 * @throws UsageError - when the value is not a finite number ≥ 0.
 */
export function numberOption(parsed: ParsedCommandLine, name: string): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`--${name} needs a number ≥ 0, not "${text}"`);
  }
  return value;
}

/** Refuses positionals a subcommand does not take. */
export function expectPositionals(parsed: ParsedCommandLine, min: number, max: number, usage: string): void {
  const count = parsed.positionals.length;
  if (count < min) throw new UsageError(`missing argument: amikit ${usage}`);
  if (count > max) {
    throw new UsageError(`unexpected argument "${parsed.positionals[max]}": amikit ${usage}`, [
      ...(parsed.subcommand === "command"
        ? ['quote the CLI command: amikit command "core show channels"']
        : []),
    ]);
  }
}
