import { clearLine, createInterface, cursorTo } from "node:readline";
import type { AmiClient } from "@amikit/client";
import { findAction } from "@amikit/definitions";
import { booleanOption, expectPositionals, type ParsedCommandLine } from "../arguments.ts";
import { CliFailure, UsageError } from "../cli-errors.ts";
import { describeTarget } from "../connection/connection-options.ts";
import {
  connectionSettingsOf,
  openClient,
  reconnectPolicyOf,
  timeoutOption,
} from "../connection/open-client.ts";
import { createReconnectStatus, stderrStatusSink } from "../connection/reconnect-status.ts";
import { type CliContext, warn } from "../context.ts";
import { ExitCode } from "../exit-codes.ts";
import { headerValue, type PacketFields } from "../format/packet-format.ts";
import { renderPacket } from "../format/printer.ts";
import { createCompleter } from "../repl/completer.ts";
import { historyPath, loadHistory, saveHistory } from "../repl/history.ts";
import { parseReplLine, type ReplInput } from "../repl/repl-line.ts";
import { reportActionFailure, sendAndPrint } from "./action.ts";
import { checkAction, knownActionNames } from "./action-request.ts";

const replHelp = [
  "  <Action> Name=value ...      send an action (Tab completes action and header names)",
  '                               e.g. Originate Channel=PJSIP/alice Exten=1002 Context=from-internal "CallerID=Al <1001>"',
  "  !<cli command>               run a CLI command (also: command <cli command>)",
  "  help <Action>                the action's headers (* = required)",
  "  events on | off | full       live events: one line each, hidden, or whole",
  "  filter Newchannel,Hangup     show only these events (filter off: all)",
  "  exit                         leave (or Ctrl-D)",
];

/** Mutable settings of one REPL session. */
interface ReplState {
  events: "on" | "off" | "full";
  filter: Set<string> | undefined;
}

/**
 * `amikit repl`: an interactive prompt. Actions are typed as `Name Header=value …` with Tab completion
 * of action names and their headers from the definitions, history across sessions, and live events
 * printed above the prompt as they arrive.
 */
export async function runRepl(parsed: ParsedCommandLine, context: CliContext): Promise<ExitCode> {
  expectPositionals(parsed, 0, 0, "repl");
  const json = booleanOption(parsed, "json");
  const settings = connectionSettingsOf(parsed, context);
  const policy = reconnectPolicyOf(parsed);
  const client = await openClient(
    settings,
    context,
    { events: true, reconnect: policy },
    timeoutOption(parsed),
  );
  const { stdin, stdout } = context.io;
  const terminal = stdin.isTTY === true && stdout.isTTY === true;
  // Prompts are for people: when the lines come from a pipe or a file, print only the answers.
  const interactive = stdin.isTTY === true;
  const prompt = () => {
    if (interactive) rl.prompt();
  };
  const path = historyPath(context.io.env);
  const rl = createInterface({
    input: stdin,
    output: stdout as NodeJS.WritableStream,
    terminal,
    completer: createCompleter(knownActionNames()),
    history: loadHistory(path),
    historySize: 500,
    removeHistoryDuplicates: true,
    prompt: `${context.colour.cyan(`${settings.username}@${settings.host}`)}${context.colour.dim(">")} `,
  });
  rl.on("history", (history: string[]) => saveHistory(path, history));
  const state: ReplState = { events: booleanOption(parsed, "quiet") ? "off" : "on", filter: undefined };
  let busy = false;

  const printAbovePrompt = (text: string) => {
    if (terminal && !busy) {
      clearLine(stdout as NodeJS.WritableStream, 0);
      cursorTo(stdout as NodeJS.WritableStream, 0);
      stdout.write(text);
      if (interactive) rl.prompt(true);
    } else {
      stdout.write(text);
    }
  };
  const events = client.events$.subscribe((event) => {
    if (state.events === "off") return;
    const name = headerValue(event, "Event") ?? "";
    if (state.filter !== undefined && !state.filter.has(name.toLowerCase())) return;
    const mode = json ? "json" : state.events === "full" ? "blocks" : "oneline";
    printAbovePrompt(renderPacket(event as PacketFields, mode, context));
  });
  // Above the prompt a line cannot be rewritten in place: lines at attempts 1, 2, 4, 8 … instead. With
  // --json, stdout carries data only and the status goes to stderr.
  const status = createReconnectStatus(
    json ? { line: stderrStatusSink(context).line } : { line: (text) => printAbovePrompt(`${text}\n`) },
    json ? context.errorColour : context.colour,
    describeTarget(settings),
    policy,
  );
  const states = client.state$.subscribe((clientState) => {
    status.update(clientState);
    if (status.failure !== undefined) rl.close();
  });
  rl.on("SIGINT", () => {
    if (rl.line === "") rl.close();
    else {
      stdout.write("\n");
      rl.write(null, { ctrl: true, name: "u" });
      prompt();
    }
  });
  const onInterrupt = () => rl.close();
  context.io.interrupt.addEventListener("abort", onInterrupt, { once: true });

  context.io.stderr.write(
    `${context.errorColour.bold(`amikit ${context.version}`)} connected to ${describeTarget(settings)}. ` +
      `Tab completes actions and headers; "help" lists commands; Ctrl-D quits.\n`,
  );
  prompt();
  try {
    for await (const line of rl) {
      busy = true;
      let input: ReplInput;
      try {
        input = parseReplLine(line);
        if (input.kind === "exit") break;
        await execute(input, client, state, context, json);
      } catch (error) {
        printError(error, context);
      }
      busy = false;
      prompt();
    }
  } finally {
    events.unsubscribe();
    states.unsubscribe();
    context.io.interrupt.removeEventListener("abort", onInterrupt);
    rl.close();
    if (terminal) stdout.write("\n");
    await client.close().catch(() => {});
  }
  // The client gave up reconnecting (or the login was refused): exit 3 with the reason.
  if (status.failure !== undefined) throw status.failure;
  return ExitCode.ok;
}

async function execute(
  input: ReplInput,
  client: AmiClient,
  state: ReplState,
  context: CliContext,
  json: boolean,
): Promise<void> {
  const { stdout } = context.io;
  switch (input.kind) {
    case "empty":
    case "exit":
      return;
    case "help":
      stdout.write(`${input.topic === undefined ? replHelp.join("\n") : describeAction(input.topic)}\n`);
      return;
    case "events":
      state.events = input.setting;
      stdout.write(`events ${input.setting}\n`);
      return;
    case "filter":
      state.filter =
        input.names === undefined ? undefined : new Set(input.names.map((name) => name.toLowerCase()));
      stdout.write(
        input.names === undefined ? "showing all events\n" : `showing only ${input.names.join(", ")}\n`,
      );
      return;
    case "command": {
      try {
        const lines = await client.command(input.cli);
        stdout.write(json ? `${JSON.stringify(lines)}\n` : lines.map((line) => `${line}\n`).join(""));
      } catch (error) {
        const response = (error as { response?: PacketFields }).response;
        const output = response?.Output;
        if (output !== undefined) {
          const lines = typeof output === "string" ? [output] : output;
          throw new CliFailure(ExitCode.amiError, lines.join(" "));
        }
        throw error;
      }
      return;
    }
    case "action": {
      const action = checkAction(input.name, input.headers, false, "repl");
      for (const warning of action.warnings) warn(context, warning);
      try {
        await sendAndPrint(client, action, json ? "json" : "blocks", context);
      } catch (error) {
        throw reportActionFailure(error, action.name, json ? "json" : "blocks", context);
      }
    }
  }
}

/** `help <Action>`: the action's headers, required ones starred. */
function describeAction(name: string): string {
  const action = findAction(name);
  if (action === undefined) {
    try {
      checkAction(name, new Map(), false, "repl");
    } catch (error) {
      if (error instanceof UsageError) return [error.message, ...error.hints].join("\n");
    }
    return `unknown action "${name}"`;
  }
  const required = new Set(action.requiredParams);
  const headers = action.params.map((header) => `  ${required.has(header) ? "*" : " "} ${header}`);
  const list =
    action.listItemEvents.length > 0 || action.completeEvent !== undefined
      ? [
          `  answers with a list of ${action.listItemEvents.join(", ") || "events"} ended by ${action.completeEvent ?? "…Complete"}`,
        ]
      : [];
  return [`${action.name}${headers.length === 0 ? " (no headers)" : ":"}`, ...headers, ...list].join("\n");
}

function printError(error: unknown, context: CliContext): void {
  const { stderr } = context.io;
  const red = context.errorColour.red;
  if (error instanceof UsageError) {
    stderr.write(`${red("error:")} ${error.message}\n${error.hints.map((hint) => `  ${hint}\n`).join("")}`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`${red("error:")} ${message}\n`);
}
