/**
 * Reconnect policy: exponential backoff with jitter, reset only by a connection that proved stable.
 */

import { MAX_TIMER } from "./max-timer.ts";
import { count, describeGiven, invalidOption, knownKeys } from "./option-checks.ts";

/** How the client retries after it loses an established connection. */
export interface AmiReconnectOptions {
  /** Milliseconds before the first retry. Default 250. */
  readonly initialDelay?: number;
  /** Upper bound for any single delay, in milliseconds. Default 30 000. */
  readonly maxDelay?: number;
  /** Multiplier applied to the delay after each failed attempt. Default 2. */
  readonly factor?: number;
  /**
   * Fraction (0..1) of each delay that is randomised: a delay `d` becomes a uniform pick from
   * `[d * (1 - jitter), d]`, so many clients do not reconnect in lockstep. Default 0.5.
   */
  readonly jitter?: number;
  /**
   * Attempts before giving up and closing with `AmiConnectionError`, counted since the last stable
   * connection (see `stableAfter`): a server that accepts the login and then drops uses them up too.
   * Default `Infinity`.
   */
  readonly maxAttempts?: number;
  /**
   * Milliseconds a connection must stay logged in to count as stable. Only a stable connection resets
   * the backoff: one lost sooner (a server that accepts the login, then drops) makes the next reconnect
   * continue from the attempt after the last one, so the delays keep growing up to `maxDelay` instead
   * of starting again at `initialDelay`. Default 5 000.
   */
  readonly stableAfter?: number;
}

/**
 * A fully resolved reconnect policy.
 *
 * @internal
 */
export interface ReconnectPolicy {
  readonly initialDelay: number;
  readonly maxDelay: number;
  readonly factor: number;
  readonly jitter: number;
  readonly maxAttempts: number;
  readonly stableAfter: number;
}

/** The members of {@link AmiReconnectOptions}. */
const RECONNECT_OPTION_NAMES = [
  "initialDelay",
  "maxDelay",
  "factor",
  "jitter",
  "maxAttempts",
  "stableAfter",
] as const satisfies readonly (keyof AmiReconnectOptions)[];

/** The defaults applied when `reconnect` is omitted or `true`. @internal */
export const DEFAULT_RECONNECT: ReconnectPolicy = {
  initialDelay: 250,
  maxDelay: 30_000,
  factor: 2,
  jitter: 0.5,
  maxAttempts: Number.POSITIVE_INFINITY,
  stableAfter: 5_000,
};

/** A number >= `min` (`Infinity` allowed); `fallback` when absent. */
function atLeast(value: unknown, fallback: number, name: string, min: number, expected: string): number {
  if (value === undefined) return fallback;
  if (!(typeof value === "number" && value >= min)) throw invalidOption(name, expected, value);
  return value;
}

/**
 * Resolves the `reconnect` option; `undefined` for `false`. Throws `AmiValidationError` naming the
 * field (`reconnect.factor` …) and what was given.
 *
 * @internal
 */
export function resolveReconnect(option: unknown): ReconnectPolicy | undefined {
  if (option === false) return undefined;
  if (option === undefined || option === true) return DEFAULT_RECONNECT;
  if (option === null || typeof option !== "object" || Array.isArray(option))
    throw invalidOption("reconnect", "true, false or a policy object", option);
  knownKeys(option, RECONNECT_OPTION_NAMES, "reconnect");
  const given = option as AmiReconnectOptions;
  const initialDelay = atLeast(
    given.initialDelay,
    DEFAULT_RECONNECT.initialDelay,
    "reconnect.initialDelay",
    0,
    "a number of milliseconds >= 0",
  );
  const maxDelay = atLeast(
    given.maxDelay,
    Math.max(DEFAULT_RECONNECT.maxDelay, initialDelay),
    "reconnect.maxDelay",
    0,
    "a number of milliseconds >= 0",
  );
  if (maxDelay < initialDelay) {
    throw invalidOption(
      "reconnect.maxDelay",
      `>= reconnect.initialDelay (${describeGiven(initialDelay)})`,
      maxDelay,
    );
  }
  const maxAttempts =
    given.maxAttempts === Number.POSITIVE_INFINITY
      ? Number.POSITIVE_INFINITY
      : count(given.maxAttempts, DEFAULT_RECONNECT.maxAttempts, "reconnect.maxAttempts", 1);
  const jitter = atLeast(
    given.jitter,
    DEFAULT_RECONNECT.jitter,
    "reconnect.jitter",
    0,
    "a number between 0 and 1",
  );
  if (jitter > 1) throw invalidOption("reconnect.jitter", "a number between 0 and 1", jitter);
  return {
    initialDelay,
    maxDelay,
    factor: atLeast(given.factor, DEFAULT_RECONNECT.factor, "reconnect.factor", 1, "a number >= 1"),
    jitter,
    maxAttempts,
    stableAfter: atLeast(
      given.stableAfter,
      DEFAULT_RECONNECT.stableAfter,
      "reconnect.stableAfter",
      0,
      "a number of milliseconds >= 0",
    ),
  };
}

/**
 * The wait before reconnect attempt `attempt` (1-based): `initialDelay * factor^(attempt-1)`, capped at
 * `maxDelay` (and at the longest timer delay, 2^31 - 1 ms), then reduced by up to `jitter` of itself
 * using `random()` (a number in [0, 1)).
 *
 * @internal
 */
export function backoffDelay(attempt: number, policy: ReconnectPolicy, random: () => number): number {
  const exponential = policy.initialDelay * policy.factor ** Math.max(0, attempt - 1);
  // Uncapped, a large `maxDelay` (or `Infinity`) would fire at once: a reconnect storm.
  const capped = Math.min(policy.maxDelay, exponential, MAX_TIMER);
  return Math.round(capped * (1 - policy.jitter * random()));
}
