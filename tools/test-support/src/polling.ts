/** Waiting for a condition in tests. */

/**
 * Polls `predicate` every `interval` ms until it holds; rejects after `timeout` ms with an error naming
 * `what`.
 */
export async function until(
  predicate: () => boolean,
  what = "condition",
  timeout = 5_000,
  interval = 2,
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(interval);
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
