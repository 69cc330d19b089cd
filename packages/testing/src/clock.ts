/** @internal `2026-11-26T17:08:30.828+0000`, the form of `EventTV` / `SessionTV` in security events. */
export function formatEventTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 23)}+0000`;
}

/** @internal `1795712917.686914`, the form of the Ping `Timestamp` (seconds, six digits of microseconds). */
export function formatTimestamp(epochMs: number): string {
  const seconds = Math.floor(epochMs / 1000);
  const micros = Math.round((epochMs - seconds * 1000) * 1000);
  return `${seconds}.${String(micros).padStart(6, "0")}`;
}

/** @internal `52 seconds`, `1 minute, 5 seconds` — Asterisk's `ast_cli_print_timestr_fromseconds` shape. */
export function formatUptime(totalSeconds: number): string {
  const units: [number, string][] = [
    [365 * 24 * 3600, "year"],
    [7 * 24 * 3600, "week"],
    [24 * 3600, "day"],
    [3600, "hour"],
    [60, "minute"],
  ];
  let rest = Math.max(0, Math.floor(totalSeconds));
  const parts: string[] = [];
  for (const [size, name] of units) {
    if (rest >= size) {
      const count = Math.floor(rest / size);
      rest -= count * size;
      parts.push(`${count} ${name}${count === 1 ? "" : "s"}`);
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  return parts.join(", ");
}
