import { UsageError } from "../cli-errors.ts";
import { tokenize } from "./tokenize.ts";

/** What one REPL line asks for. */
export type ReplInput =
  | { readonly kind: "empty" }
  | { readonly kind: "exit" }
  | { readonly kind: "help"; readonly topic?: string }
  | { readonly kind: "command"; readonly cli: string }
  | { readonly kind: "events"; readonly setting: "on" | "off" | "full" }
  | { readonly kind: "filter"; readonly names: readonly string[] | undefined }
  | {
      readonly kind: "action";
      readonly name: string;
      readonly headers: ReadonlyMap<string, readonly string[]>;
    };

/** The REPL's own words (everything else is an action name). */
export const replKeywords = ["help", "exit", "quit", "events", "filter", "command"] as const;

/**
 * Parses one REPL line:
 * `Originate Channel=PJSIP/alice Exten=1002 "CallerID=Alice <1001>"` (an action; `Name: value` also works,
 * and a repeated header is sent several times), `!core show channels` or `command core show channels`
 * (a CLI command), `events on|off|full`, `filter Newchannel,Hangup`, `filter off`, `help [Action]`, `exit`.
 *
 * @throws UsageError - for a header without `=`, an unterminated quote or a bad keyword argument.
 */
export function parseReplLine(line: string): ReplInput {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return { kind: "empty" };
  if (trimmed.startsWith("!")) {
    const cli = trimmed.slice(1).trim();
    if (cli === "") throw new UsageError("type a CLI command after !, e.g. !core show channels");
    return { kind: "command", cli };
  }
  const { words, unterminated } = tokenize(trimmed);
  if (unterminated) throw new UsageError("unterminated quote");
  const [first = "", ...rest] = words;
  switch (first.toLowerCase()) {
    case "exit":
    case "quit":
      return { kind: "exit" };
    case "help":
    case "?":
      return rest[0] === undefined ? { kind: "help" } : { kind: "help", topic: rest[0] };
    case "command": {
      const cli = trimmed.slice(first.length).trim();
      if (cli === "") throw new UsageError("usage: command <cli command>");
      return { kind: "command", cli };
    }
    case "events": {
      const setting = (rest[0] ?? "").toLowerCase();
      if (setting !== "on" && setting !== "off" && setting !== "full")
        throw new UsageError("usage: events on|off|full");
      return { kind: "events", setting };
    }
    case "filter": {
      const value = rest.join(",");
      if (value === "") throw new UsageError("usage: filter Newchannel,Hangup | filter off");
      if (value.toLowerCase() === "off") return { kind: "filter", names: undefined };
      return {
        kind: "filter",
        names: value
          .split(",")
          .map((name) => name.trim())
          .filter((name) => name !== ""),
      };
    }
  }
  const headers = new Map<string, string[]>();
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index] as string;
    let name: string;
    let value: string;
    const equals = word.indexOf("=");
    if (word.endsWith(":") && word.length > 1) {
      // `Channel: PJSIP/alice` — the AMI way of writing a header, split by the tokenizer.
      name = word.slice(0, -1);
      value = rest[++index] ?? "";
    } else if (equals > 0) {
      name = word.slice(0, equals);
      value = word.slice(equals + 1);
    } else {
      throw new UsageError(`"${word}" is not a header: write Name=value (quote values with spaces)`);
    }
    const list = headers.get(name) ?? [];
    list.push(value);
    headers.set(name, list);
  }
  return { kind: "action", name: first, headers };
}
