import { formatUptime } from "../clock.ts";
import type { FakeDialplan } from "../options.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";
import { coreShowCalls, coreShowChannels, coreShowChannelsConcise } from "./channel-commands.ts";

/** @internal The answer of one CLI command: its lines, and whether the CLI reported failure. */
export interface CliResult {
  readonly lines: readonly string[];
  readonly failed: boolean;
}

const MANAGER_HELP = [
  "manager kick session           -- Kick a connected manager interface connection",
  "manager reload                 -- Reload manager configurations",
  "manager set debug [on|off]     -- Show, enable, disable debugging of the manager code",
  "manager show command           -- Show a manager interface command",
  "manager show commands          -- List manager interface commands",
  "manager show connected         -- List connected manager interface users",
  "manager show eventq            -- List manager interface queued events",
  "manager show events            -- List manager interface events",
  "manager show event             -- Show a manager interface event",
  "manager show settings          -- Show manager global settings",
  "manager show users             -- List configured manager users",
  "manager show user              -- Display information on a specific manager user",
];

/** @internal Runs a CLI command line against the fake's built-in and configured commands. */
export function runCli(commandLine: string, server: ServerCore): CliResult {
  const command = commandLine.trim().replace(/\s+/g, " ");
  const configured = server.options.commands[command];
  if (configured !== undefined) {
    return { lines: typeof configured === "function" ? configured(command) : configured, failed: false };
  }
  const lower = command.toLowerCase();
  if (lower === "core show version") {
    return {
      lines: [
        `Asterisk ${server.options.asteriskVersion} built by root @ vm on a x86_64 running Linux on 2026-11-26 17:05:10 UTC`,
      ],
      failed: false,
    };
  }
  if (lower === "core show uptime") {
    const uptime = formatUptime(server.uptimeSeconds());
    return { lines: [`System uptime: ${uptime}`, `Last reload: ${uptime}`], failed: false };
  }
  if (lower === "core show help manager") return { lines: MANAGER_HELP, failed: false };
  if (lower === "core show channels") return { lines: coreShowChannels(server.channels), failed: false };
  if (lower === "core show channels concise") {
    return { lines: coreShowChannelsConcise(server.channels), failed: false };
  }
  if (lower === "core show calls") return { lines: coreShowCalls(server.channels), failed: false };
  if (lower === "dialplan show" || lower.startsWith("dialplan show ")) {
    return showDialplan(server.options.dialplan, command.split(" ")[2]);
  }
  const words = command.split(" ");
  const best = words.slice(0, 2).join(" ");
  // main/cli.c ast_cli_command_full: the command as sent (`s`), and find_best(): the words up to and
  // including the first one no CLI entry matches. Without the CLI table the fake takes two words, as Asterisk
  // 22 answered for an unknown first word (recorded: 'no such command here' → 'core show help no such').
  return {
    lines: [
      `No such command '${commandLine.trimStart()}' (type 'core show help ${best}' for other possible commands)`,
    ],
    failed: true,
  };
}

function formatApplication(application: string, data: string | undefined): string {
  return `${application}(${data ?? ""})`;
}

/** `dialplan show [context]`, in the layout of pbx_config (columns as recorded from Asterisk 22). */
function showDialplan(dialplan: FakeDialplan, only: string | undefined): CliResult {
  const lines: string[] = [];
  let extensions = 0;
  let priorities = 0;
  let contexts = 0;
  // Line numbers as if extensions.conf held the contexts in order, starting where the recording's did.
  let line = 6;
  for (const [context, extensionMap] of Object.entries(dialplan)) {
    const entries = Object.entries(extensionMap);
    const firstLine = line;
    const lineOf = new Map<string, number>();
    for (const [exten, steps] of entries) {
      lineOf.set(exten, line);
      line += steps.length;
    }
    line += 2;
    if (only !== undefined && context !== only) continue;
    contexts++;
    lines.push(`[ Context '${context}' created by 'pbx_config' ]`);
    for (const [exten, steps] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      extensions++;
      let stepLine = lineOf.get(exten) ?? firstLine;
      steps.forEach(([application, data], index) => {
        priorities++;
        const label = index === 0 ? `'${exten}' =>` : "";
        const app = formatApplication(application, data).padEnd(42, " ");
        lines.push(`  ${label.padEnd(18, " ")}${index + 1}. ${app} [extensions.conf:${stepLine}]`);
        stepLine++;
      });
    }
    lines.push("");
  }
  if (only !== undefined && contexts === 0) {
    return { lines: [`There is no existence of '${only}' context`], failed: true };
  }
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  lines.push(
    `-= ${plural(extensions, "extension")} (${plural(priorities, "priority").replace(/ys$/, "ies")}) in ${plural(contexts, "context")}. =-`,
  );
  return { lines, failed: false };
}

/**
 * Command: runs a CLI command and answers in the configured form — `Output:` headers (Asterisk 14+) or
 * the legacy `Response: Follows` body ended by `--END COMMAND--`. The legacy form follows action_command in
 * main/manager.c of Asterisk 13 (`Response: Follows\r\nPrivilege: Command\r\n`, the ActionID, the raw CLI
 * text, `--END COMMAND--\r\n\r\n`, for unknown commands too); not in the Asterisk 22 recordings.
 */
export function command(request: ActionRequest, server: ServerCore): void {
  const commandLine = request.get("Command");
  if (commandLine === undefined || commandLine.trim().length === 0) {
    request.error("No command provided");
    return;
  }
  const result = runCli(commandLine, server);
  if (server.options.commandOutput === "legacy") {
    let text = "Response: Follows\r\nPrivilege: Command\r\n";
    if (request.actionId !== undefined) text += `ActionID: ${request.actionId}\r\n`;
    for (const line of result.lines) text += `${line}\n`;
    request.session.writeText(`${text}--END COMMAND--\r\n\r\n`);
    return;
  }
  // main/manager.c action_command (Asterisk 14+): the CLI output with one trailing newline trimmed, split
  // on "\n", one `Output:` per piece — so an empty output still gives one empty `Output: `.
  const lines = result.lines.length === 0 ? [""] : result.lines;
  request.respondFields([
    ["Response", result.failed ? "Error" : "Success"],
    ["Message", "Command output follows"],
    ...lines.map((line): [string, string] => ["Output", line]),
  ]);
}
