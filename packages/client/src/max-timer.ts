/**
 * The longest delay timers honour: 2^31 - 1 ms (~24.8 days). `setTimeout` fires a longer delay (or
 * `Infinity`) at once, so every duration the client arms a timer with is capped to this first.
 *
 * @internal
 */
export const MAX_TIMER = 2_147_483_647;
