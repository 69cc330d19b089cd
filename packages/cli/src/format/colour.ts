/** ANSI styling functions; each returns its input unchanged when colour is off. */
export interface Palette {
  /** Whether colour codes are emitted at all. */
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
}

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const;

/**
 * Creates a palette of ANSI styles, written by hand (no dependency).
 *
 * @param enabled - `false` gives a palette whose functions return the text unchanged.
 */
export function createPalette(enabled: boolean): Palette {
  const style =
    (open: number, close: number) =>
    (text: string): string =>
      enabled && text !== "" ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    bold: style(...codes.bold),
    dim: style(...codes.dim),
    red: style(...codes.red),
    green: style(...codes.green),
    yellow: style(...codes.yellow),
    blue: style(...codes.blue),
    magenta: style(...codes.magenta),
    cyan: style(...codes.cyan),
  };
}

/**
 * Decides whether to colour output, following https://no-color.org and the common `FORCE_COLOR`:
 * `--no-color` or a non-empty `NO_COLOR` turns colour off, a `FORCE_COLOR` other than `0` turns it on,
 * otherwise colour is on only when the output is a terminal.
 */
export function shouldUseColour(options: {
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean;
  noColorFlag?: boolean;
}): boolean {
  if (options.noColorFlag === true) return false;
  const noColor = options.env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  const force = options.env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  return options.isTTY;
}

/** Removes ANSI escape sequences — colours and cursor movements (for measuring width and for tests). */
export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC character is the point
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
}
