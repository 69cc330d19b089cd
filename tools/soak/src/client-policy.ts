/**
 * The client settings of the soak, shared by the client process (which uses them) and the hostile
 * server (whose login-flap check needs the reconnect policy the client follows).
 */

/** The soak client's reconnect policy: short delays, so a 10-second soak sees many reconnects. */
export const SOAK_RECONNECT = { initialDelay: 50, maxDelay: 2000, factor: 2, jitter: 0.5 } as const;

/** The soak client's `connectTimeout` in ms (socket, greeting and Login). */
export const SOAK_CONNECT_TIMEOUT = 2000;

/**
 * The soak client's offline queue: actions issued while reconnecting wait in it. Kept small because
 * each `SoakEcho` carries its payload, and the stall check must see the write path, not this queue.
 */
export const SOAK_OFFLINE_QUEUE = 200;

/** A reconnect policy, as `createClient`'s `reconnect` option takes it. */
export interface BackoffPolicy {
  readonly initialDelay: number;
  readonly maxDelay: number;
  readonly factor: number;
  readonly jitter: number;
}

/**
 * The most logins a client following `policy` can make within `windowMs` when every connection is
 * lost right after its login: one at the start of the window, then one after each retry delay, every
 * delay at its shortest (`delay × (1 − jitter)`) and growing by `factor` from `initialDelay` up to
 * `maxDelay`; plus one for a login already under way when the window opened. A client whose
 * backoff never grows makes many more.
 */
export function maxLoginsWithin(windowMs: number, policy: BackoffPolicy): number {
  let logins = 2;
  let elapsed = 0;
  let delay = policy.initialDelay;
  for (;;) {
    elapsed += Math.min(delay, policy.maxDelay) * (1 - policy.jitter);
    if (elapsed > windowMs) return logins;
    logins++;
    delay *= policy.factor;
  }
}
