import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where the REPL keeps its history: `AMIKIT_HISTORY`, else `~/.amikit_history`; `undefined` = none. */
export function historyPath(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const override = env.AMIKIT_HISTORY;
  if (override !== undefined) return override === "" ? undefined : override;
  const home = env.HOME ?? env.USERPROFILE;
  return home === undefined || home === "" ? undefined : join(home, ".amikit_history");
}

/** Reads the history file, most recent first (as `node:readline` wants it); empty when absent. */
export function loadHistory(path: string | undefined, limit = 500): string[] {
  if (path === undefined) return [];
  try {
    return readFileSync(path, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .reverse()
      .slice(0, limit);
  } catch {
    return [];
  }
}

/** Lines never written to the history file: anything that carries a secret. */
export function isPrivateLine(line: string): boolean {
  return /\b(secret|key)\s*[=:]/i.test(line);
}

/** Saves the history (most recent first, as readline holds it), readable by the user only. */
export function saveHistory(path: string | undefined, history: readonly string[]): void {
  if (path === undefined) return;
  const lines = history.filter((line) => !isPrivateLine(line)).reverse();
  try {
    writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  } catch {
    // A history that cannot be written must not break the session.
  }
}
