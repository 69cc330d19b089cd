import { findAction } from "@amikit/definitions";
import { replKeywords } from "./repl-line.ts";

/**
 * Builds the REPL's Tab completion: the first word completes to action names (from the definitions) and
 * the REPL's keywords; later words complete to the action's header names as `Name=`, those already
 * given left out; `help <word>` completes action names; `events` completes its settings.
 *
 * @param actionNames - every known action name.
 * @returns a `node:readline` completer: `(line) => [candidates, the word being completed]`.
 */
export function createCompleter(actionNames: readonly string[]): (line: string) => [string[], string] {
  const sortedActions = [...actionNames].sort((a, b) => a.localeCompare(b));
  const firstWords = [...sortedActions, ...replKeywords];
  const startingWith = (candidates: readonly string[], prefix: string) => {
    const lower = prefix.toLowerCase();
    return candidates.filter((candidate) => candidate.toLowerCase().startsWith(lower));
  };
  return (line: string) => {
    if (line.trimStart().startsWith("!")) return [[], line];
    const leading = line.length - line.trimStart().length;
    const body = line.slice(leading);
    const words = body.split(/\s+/);
    const current = words[words.length - 1] ?? "";
    if (words.length <= 1) return [startingWith(firstWords, current), current];
    const first = (words[0] ?? "").toLowerCase();
    if (first === "help" || first === "?") return [startingWith(sortedActions, current), current];
    if (first === "events") return [startingWith(["on", "off", "full"], current), current];
    if (first === "filter" || first === "command") return [[], current];
    const action = findAction(words[0] ?? "");
    if (action === undefined || current.includes("=")) return [[], current];
    const given = new Set(words.slice(1, -1).map((word) => (word.split("=")[0] ?? "").toLowerCase()));
    const headers = action.params
      // `Variable` may be given many times; other headers once.
      .filter((name) => name === "Variable" || !given.has(name.toLowerCase()))
      .map((name) => `${name}=`);
    return [startingWith(headers, current), current];
  };
}
