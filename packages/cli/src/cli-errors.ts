import { ExitCode } from "./exit-codes.ts";

/**
 * The command line could not be understood: an unknown subcommand or flag, a missing argument, action
 * parameters that do not match the definitions. Ends the command with exit code 2.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** Extra lines printed after the message (suggestions, a usage summary). */
  readonly hints: readonly string[];

  /**
   * @param message - one line saying what is wrong.
   * @param hints - optional further lines (for example "did you mean Originate?").
   */
  constructor(message: string, hints: readonly string[] = [], options?: ErrorOptions) {
    super(message, options);
    this.hints = hints;
  }
}

/**
 * Any failure the CLI reports with a fixed exit code and a one-line reason.
 */
export class CliFailure extends Error {
  override readonly name = "CliFailure";
  /** The exit code the process ends with. */
  readonly exitCode: ExitCode;

  /**
   * @param exitCode - the exit code to end with.
   * @param message - the one-line reason printed to stderr.
   */
  constructor(exitCode: ExitCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

const connectionErrorNames = new Set(["AmiAuthError", "AmiConnectionError"]);

/**
 * Maps an error thrown while running a subcommand to an exit code and a one-line reason.
 *
 * Errors are recognised by their `name` (the classes of `@amikit/client` set it), so the mapping also
 * holds for errors that crossed a package boundary or were re-created.
 *
 * @param error - what was thrown.
 * @param phase - `"connect"` when the error happened while connecting or logging in: a timeout there is a
 *   connection failure (3), while a timeout of an action is an AMI failure (1).
 */
export function classifyError(
  error: unknown,
  phase: "connect" | "run" = "run",
): {
  exitCode: ExitCode;
  reason: string;
} {
  if (error instanceof UsageError) return { exitCode: ExitCode.usage, reason: error.message };
  if (error instanceof CliFailure) return { exitCode: error.exitCode, reason: error.message };
  const name = error instanceof Error ? error.name : "";
  const message = oneLine(error instanceof Error ? error.message : String(error));
  if (connectionErrorNames.has(name)) {
    return { exitCode: ExitCode.connection, reason: withCause(message, error) };
  }
  if (name === "AmiTimeoutError" && phase === "connect") {
    return { exitCode: ExitCode.connection, reason: message };
  }
  if (name === "AmiValidationError") return { exitCode: ExitCode.usage, reason: message };
  if (phase === "connect") return { exitCode: ExitCode.connection, reason: withCause(message, error) };
  return { exitCode: ExitCode.amiError, reason: message };
}

/** Appends the cause's message when it says something the message does not. */
function withCause(message: string, error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (!(cause instanceof Error)) return message;
  const causeMessage = oneLine(cause.message);
  if (causeMessage === "" || message.includes(causeMessage)) return message;
  return `${message} (${causeMessage})`;
}

/** Collapses a message to one line, so every failure is reported as exactly one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}
