/** What every table of `amikit top` is made of: the table shape and the cell formats they share. */

/** A table: a title, column headings and rows of cells (the last column takes what is left). */
export interface TopTable {
  readonly title: string;
  readonly headings: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Formats a duration in ms as `m:ss` or `h:mm:ss`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** A caller ID as `Name <number>`, the number or the name alone, or `-` when Asterisk knows neither. */
export function formatParty(number: string, name: string): string {
  const known = (value: string) => value !== "" && value !== "<unknown>";
  if (known(name) && known(number) && name !== number) return `${name} <${number}>`;
  if (known(number)) return number;
  return known(name) ? name : "-";
}
