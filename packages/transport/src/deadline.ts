import { AmiSocketError } from "./socket-error.ts";

/** The end of a connection attempt: the connect timeout elapsed or the caller aborted. */
export interface Deadline {
  /** Aborted when the attempt must stop (timeout or caller's signal). */
  readonly signal: AbortSignal;
  /**
   * Resolves with `step`, or rejects with the deadline's error (`timeout` / `aborted`) when it comes
   * first; then `discard` receives whatever `step` later yields, so no connection leaks.
   */
  race<T>(step: Promise<T>, discard: (value: T) => void): Promise<T>;
  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void;
}

/**
 * Starts the deadline of a connection attempt: it fires with an {@link AmiSocketError} coded `timeout`
 * after `timeout` ms, or `aborted` (the signal's reason as `cause`) when `signal` fires.
 *
 * @param where - the target, as {@link formatTarget} writes it, for the error messages
 * @param timeout - milliseconds; `undefined`: no timeout
 * @param signal - the caller's signal, if any
 * @returns the deadline; `dispose()` it once the attempt is over
 */
export function startDeadline(
  where: string,
  timeout: number | undefined,
  signal: AbortSignal | undefined,
): Deadline {
  const controller = new AbortController();
  let error: AmiSocketError | undefined;
  let fire: (error: AmiSocketError) => void = () => {};
  const fired = new Promise<never>((_, reject) => {
    fire = (reason) => {
      if (error !== undefined) return;
      error = reason;
      reject(reason);
      controller.abort(reason);
    };
  });
  fired.catch(() => {});
  const onAbort = (): void =>
    fire(new AmiSocketError("aborted", `connecting to ${where} was aborted`, { cause: signal?.reason }));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  const timer =
    timeout === undefined
      ? undefined
      : setTimeout(
          () => fire(new AmiSocketError("timeout", `connecting to ${where} timed out after ${timeout} ms`)),
          timeout,
        );
  return {
    signal: controller.signal,
    race<T>(step: Promise<T>, discard: (value: T) => void): Promise<T> {
      if (error !== undefined) {
        step.then(discard, () => {});
        return Promise.reject(error);
      }
      return Promise.race([step, fired]).catch((reason: unknown) => {
        if (error !== undefined) {
          step.then(discard, () => {});
          throw error;
        }
        throw reason;
      });
    },
    dispose(): void {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    },
  };
}
