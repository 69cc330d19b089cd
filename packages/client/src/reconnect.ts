/**
 * Reconnect policy: exponential backoff with jitter.
 */

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
  /** Attempts before giving up and closing with `AmiConnectionError`. Default `Infinity`. */
  readonly maxAttempts?: number;
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
}

/** The defaults applied when `reconnect` is omitted or `true`. @internal */
export const DEFAULT_RECONNECT: ReconnectPolicy = {
  initialDelay: 250,
  maxDelay: 30_000,
  factor: 2,
  jitter: 0.5,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/**
 * Resolves the `reconnect` option; `undefined` for `false`.
 *
 * @internal
 */
export function resolveReconnect(
  option: boolean | AmiReconnectOptions | undefined,
  invalid: (message: string) => Error,
): ReconnectPolicy | undefined {
  if (option === false) return undefined;
  if (option === undefined || option === true) return DEFAULT_RECONNECT;
  const policy: ReconnectPolicy = {
    initialDelay: option.initialDelay ?? DEFAULT_RECONNECT.initialDelay,
    maxDelay: option.maxDelay ?? DEFAULT_RECONNECT.maxDelay,
    factor: option.factor ?? DEFAULT_RECONNECT.factor,
    jitter: option.jitter ?? DEFAULT_RECONNECT.jitter,
    maxAttempts: option.maxAttempts ?? DEFAULT_RECONNECT.maxAttempts,
  };
  if (!(policy.initialDelay >= 0)) throw invalid("reconnect.initialDelay must be >= 0");
  if (!(policy.maxDelay >= policy.initialDelay)) throw invalid("reconnect.maxDelay must be >= initialDelay");
  if (!(policy.factor >= 1)) throw invalid("reconnect.factor must be >= 1");
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) throw invalid("reconnect.jitter must be between 0 and 1");
  if (!(policy.maxAttempts >= 1)) throw invalid("reconnect.maxAttempts must be >= 1");
  return policy;
}

/**
 * The longest delay timers honour (2^31 - 1 ms, ~24.8 days): a longer one fires at once, which would
 * turn a large `maxDelay` (or `Infinity`) into a reconnect storm once the backoff grows past it.
 */
const MAX_TIMER = 2_147_483_647;

/**
 * The wait before reconnect attempt `attempt` (1-based): `initialDelay * factor^(attempt-1)`, capped at
 * `maxDelay` (and at the longest timer delay, 2^31 - 1 ms), then reduced by up to `jitter` of itself
 * using `random()` (a number in [0, 1)).
 *
 * @internal
 */
export function backoffDelay(attempt: number, policy: ReconnectPolicy, random: () => number): number {
  const exponential = policy.initialDelay * policy.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelay, exponential, MAX_TIMER);
  return Math.round(capped * (1 - policy.jitter * random()));
}
