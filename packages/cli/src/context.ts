import type { Palette } from "./format/colour.ts";

/** A stream the CLI writes text to. */
export interface TextOutput {
  write(text: string): unknown;
  /** Whether it is a terminal. */
  readonly isTTY?: boolean;
  /** Terminal width, when it is one. */
  readonly columns?: number;
}

/** The terminal input (for the secret prompt and the REPL). */
export interface TextInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** Everything a subcommand may touch of the outside world; tests and `demo` pass their own. */
export interface CliIo {
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  readonly stdin: TextInput;
  /** The environment (`AMI_*`, `NO_COLOR`, `HOME` …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted when the user presses Ctrl-C (SIGINT) or the process gets SIGTERM. */
  readonly interrupt: AbortSignal;
}

/** What each subcommand runs with: the I/O, and the palettes for stdout and stderr. */
export interface CliContext {
  readonly io: CliIo;
  /** Styles for stdout (off when stdout is not a terminal, with NO_COLOR or --no-color). */
  readonly colour: Palette;
  /** Styles for stderr. */
  readonly errorColour: Palette;
  /** The CLI's version, for `--version` and the REPL banner. */
  readonly version: string;
}

/** Writes a dim note to stderr (progress, hints): kept off stdout so pipes get data only. */
export function note(context: CliContext, text: string): void {
  context.io.stderr.write(`${context.errorColour.dim(text)}\n`);
}

/** Writes a warning line to stderr, prefixed `amikit: warning:` like the CLI's other messages. */
export function warn(context: CliContext, text: string): void {
  context.io.stderr.write(`amikit: ${context.errorColour.yellow("warning:")} ${text}\n`);
}
