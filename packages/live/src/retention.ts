/** Removing ended calls once their retention is over. */
import type { LiveState } from "./model/state.ts";

/** The state without calls that ended `retention` ms or more before `now`, and when the next one expires. */
export function pruneEndedCalls(
  state: LiveState,
  retention: number,
  now: number,
): { state: LiveState; nextExpiry: number | undefined } {
  let calls: Map<string, LiveState["calls"] extends ReadonlyMap<string, infer V> ? V : never> | undefined;
  let nextExpiry: number | undefined;
  for (const [linkedid, call] of state.calls) {
    if (call.endedAt === undefined) continue;
    const expiry = call.endedAt + retention;
    if (expiry <= now) {
      calls ??= new Map(state.calls);
      calls.delete(linkedid);
    } else if (nextExpiry === undefined || expiry < nextExpiry) {
      nextExpiry = expiry;
    }
  }
  return { state: calls === undefined ? state : { ...state, calls }, nextExpiry };
}
