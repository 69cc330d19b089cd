/** A conformance expectation did not hold. The message says what the transport did instead. */
export class ConformanceFailure extends Error {
  override readonly name: string = "ConformanceFailure";
}

/** Throws a {@link ConformanceFailure} unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

/** Compares two byte arrays; the message names the first differing offset. @internal */
export function checkSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const length = Math.min(actual.length, expected.length);
  for (let index = 0; index < length; index += 1) {
    if (actual[index] !== expected[index]) {
      throw new ConformanceFailure(`${what}: byte ${index} is ${actual[index]}, expected ${expected[index]}`);
    }
  }
  check(
    actual.length === expected.length,
    `${what}: got ${actual.length} bytes, expected ${expected.length}`,
  );
}

/**
 * Awaits `promise`, which must reject with an error whose `code` is `code` and whose message is a real
 * sentence. Returns the error for further checks. @internal
 */
export async function checkRejects(
  promise: Promise<unknown>,
  code: string,
  what: string,
): Promise<Error & { code: string }> {
  let outcome: { error: unknown } | undefined;
  try {
    await promise;
  } catch (error) {
    outcome = { error };
  }
  check(outcome !== undefined, `${what}: resolved, expected a rejection with code "${code}"`);
  return checkSocketError(outcome.error, code, what);
}

/** Checks that `error` is an `Error` with `code === code` and a message. @internal */
export function checkSocketError(error: unknown, code: string, what: string): Error & { code: string } {
  check(error instanceof Error, `${what}: expected an Error with code "${code}", got ${String(error)}`);
  const actual = (error as { code?: unknown }).code;
  check(
    actual === code,
    `${what}: expected code "${code}", got ${JSON.stringify(actual)} (${error.name}: ${error.message})`,
  );
  check(error.message.length > 0, `${what}: the error has no message`);
  return error as Error & { code: string };
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every few milliseconds until it holds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new ConformanceFailure(`timed out after ${timeoutMs} ms waiting: ${what}`);
    await sleep(5);
  }
}

/**
 * Runs `body`, failing with a {@link ConformanceFailure} if it has not settled within `timeoutMs`, so a
 * hanging transport fails the case under any framework (`deno test` has no per-test timeout).
 */
export async function withinTime(name: string, timeoutMs: number, body: () => Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ConformanceFailure(`"${name}" did not finish within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([body(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
