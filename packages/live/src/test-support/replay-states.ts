/** Feeding a recording's events through the reducers, keeping the state after each one. */
import type { AmiEvent } from "@amikit/client";
import { EMPTY_STATE, type LiveState } from "../model/state.ts";
import { type ReduceOptions, reduce } from "../reducers/reduce.ts";
import { transcriptEvents } from "./transcript-events.ts";

/** One step of a replay. */
export interface ReplayStep {
  readonly event: AmiEvent;
  readonly state: LiveState;
}

/** The state after each unsolicited event of the recording `name`. */
export function replaySteps(name: string, options: Partial<ReduceOptions> = {}): ReplayStep[] {
  let state = EMPTY_STATE;
  return transcriptEvents(name).map((event) => {
    state = reduce(state, event, { now: 0, ...options });
    return { event, state };
  });
}

/** The state right after the first event matching all of `match`'s headers (throws if none). */
export function stateAfter(steps: readonly ReplayStep[], match: Readonly<Record<string, string>>): LiveState {
  const step = steps.find(({ event }) => Object.entries(match).every(([key, value]) => event[key] === value));
  if (step === undefined) throw new Error(`no event matching ${JSON.stringify(match)}`);
  return step.state;
}

/** The state at the end of the replay. */
export function finalState(steps: readonly ReplayStep[]): LiveState {
  return steps[steps.length - 1]?.state ?? EMPTY_STATE;
}
