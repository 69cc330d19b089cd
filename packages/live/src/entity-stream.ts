/** One entity of the state over time, completing when it ends. */
import { distinctUntilChanged, filter, map, type Observable, skipWhile, takeWhile } from "rxjs";

/**
 * The entity `pick` finds in each state: emitted when it appears and on every change; completes when it
 * is gone or `ended` says so (the ended value is emitted last). Waits while it does not exist yet.
 */
export function entityStream<S, V>(
  states: Observable<S>,
  pick: (state: S) => V | undefined,
  ended: (value: V) => boolean = () => false,
): Observable<V> {
  return states.pipe(
    map(pick),
    distinctUntilChanged(),
    skipWhile((value) => value === undefined),
    takeWhile((value) => value !== undefined && !ended(value), true),
    filter((value): value is V => value !== undefined),
  );
}
