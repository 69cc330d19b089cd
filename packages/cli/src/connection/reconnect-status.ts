import type { AmiClientState } from "@amikit/client";
import { CliFailure } from "../cli-errors.ts";
import type { CliContext } from "../context.ts";
import { ExitCode } from "../exit-codes.ts";
import type { Palette } from "../format/colour.ts";
import { authRefusalReason } from "./connect-failure.ts";

/** The reconnect backoff the CLI gives its clients (the client's defaults, spelled out for the status). */
export interface CliReconnectPolicy {
  readonly initialDelay: number;
  readonly maxDelay: number;
  readonly factor: number;
  readonly jitter: number;
  readonly maxAttempts: number;
}

/** Where the status goes: whole lines, and (on a terminal) one line rewritten in place. */
export interface StatusSink {
  /** Writes one whole line (the text has no newline). */
  line(text: string): void;
  /** Rewrites the status line in place; absent when the output is not a terminal. */
  rewrite?(text: string): void;
  /** Erases the status line written by `rewrite`. */
  clear?(): void;
}

/** Reads the client's `state$` and tells the user about a lost connection, briefly. */
export interface ReconnectStatus {
  /** Feed every state the client emits. */
  update(state: AmiClientState): void;
  /**
   * When the client has given up (closed with an error after a connection was made): the exit-3 failure
   * with a one-line reason. `undefined` otherwise.
   */
  readonly failure: CliFailure | undefined;
}

/**
 * Creates the reconnect status of `events` and `repl`: one line when the connection is lost (with the
 * reason), then either one line rewritten in place with the attempt number and the next delay (on a
 * terminal) or a line at attempts 1, 2, 4, 8 … only (in logs), and one line when reconnected
 * ("reconnected after N attempts, X s").
 *
 * @param target - `user@host:port`, for the messages.
 * @param policy - the backoff the client uses, to say when the next attempt comes.
 * @param now - the clock, in ms (tests pass their own).
 */
export function createReconnectStatus(
  sink: StatusSink,
  palette: Palette,
  target: string,
  policy: CliReconnectPolicy,
  now: () => number = Date.now,
): ReconnectStatus {
  let lostAt: number | undefined;
  let attempts = 0;
  let rewritten = false;
  let failure: CliFailure | undefined;
  const clear = () => {
    if (rewritten) sink.clear?.();
    rewritten = false;
  };
  return {
    get failure() {
      return failure;
    },
    update(state) {
      if (state.status === "reconnecting") {
        const attempt = state.attempt ?? attempts + 1;
        if (lostAt === undefined) {
          lostAt = now();
          const reason = state.error === undefined ? "" : ` (${state.error.message})`;
          sink.line(palette.yellow(`connection to ${target} lost${reason}; reconnecting (Ctrl-C to stop)`));
        }
        attempts = attempt;
        const text = palette.dim(
          `reconnecting: attempt ${attempt}${
            Number.isFinite(policy.maxAttempts) ? ` of ${policy.maxAttempts}` : ""
          }, next try in ≤ ${formatSeconds(nextDelay(attempt, policy))}${
            attempt > 1 && state.error !== undefined ? ` (last: ${state.error.message})` : ""
          }`,
        );
        if (sink.rewrite !== undefined) {
          sink.rewrite(text);
          rewritten = true;
        } else if (isPowerOfTwo(attempt)) {
          sink.line(text);
        }
        return;
      }
      if (state.status === "connected" && lostAt !== undefined) {
        clear();
        const took = formatSeconds(now() - lostAt);
        sink.line(
          palette.green(`reconnected after ${attempts} attempt${attempts === 1 ? "" : "s"}, ${took}`),
        );
        lostAt = undefined;
        attempts = 0;
        return;
      }
      if (state.status === "closed") {
        clear();
        if (state.error !== undefined && failure === undefined) failure = gaveUp(state.error, target);
      }
    },
  };
}

/** The exit-3 failure for a client that closed with `error` after it had connected. */
function gaveUp(error: Error, target: string): CliFailure {
  const message =
    error.name === "AmiAuthError"
      ? `login refused for ${target} on reconnect: ${authRefusalReason(error)}`
      : `connection to ${target} lost: ${error.message}`;
  return new CliFailure(ExitCode.connection, message, { cause: error });
}

/** The longest the client waits before `attempt` (jitter only shortens it). */
export function nextDelay(attempt: number, policy: CliReconnectPolicy): number {
  return Math.min(policy.maxDelay, policy.initialDelay * policy.factor ** Math.max(0, attempt - 1));
}

function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(value) && value > 0 && (value & (value - 1)) === 0;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A sink on stderr: whole lines, and on a terminal one line rewritten in place (`\r` and erase-line).
 */
export function stderrStatusSink(context: CliContext): StatusSink {
  const { stderr } = context.io;
  const line = (text: string) => stderr.write(`${text}\n`);
  if (stderr.isTTY !== true) return { line };
  return {
    line,
    rewrite: (text) => stderr.write(`\r\u001b[2K${text}`),
    clear: () => stderr.write("\r\u001b[2K"),
  };
}
