import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EMPTY_STATE, LIVE_COLLECTIONS, type LiveState } from "./model/state.ts";
import { reduce } from "./reducers/reduce.ts";
import { transcriptEvents } from "./test-support/transcript-events.ts";

const RECORDINGS = [
  "bridge-two-party",
  "local-optimization",
  "queue-call",
  "conference",
  "blind-transfer",
  "attended-transfer",
  "device-state",
  "hold",
  "park",
  "originate-call",
  "call-burst",
];
const events = Object.fromEntries(RECORDINGS.map((name) => [name, transcriptEvents(name)]));

describe("reducers are safe to apply twice", () => {
  it("every recording: applying any chosen events twice in a row ends in the same state, step by step", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RECORDINGS.filter((name) => name !== "call-burst")),
        fc.infiniteStream(fc.boolean()),
        fc.boolean(),
        (name, twice, keepEndedCalls) => {
          const options = { now: 0, keepEndedCalls };
          let once: LiveState = EMPTY_STATE;
          let doubled: LiveState = EMPTY_STATE;
          const choices = twice[Symbol.iterator]();
          for (const [index, event] of (events[name] ?? []).entries()) {
            once = reduce(once, event, options);
            doubled = reduce(doubled, event, options);
            if (choices.next().value === true) {
              const again = reduce(doubled, event, options);
              expect(again).toBe(doubled); // the second application changes nothing, not even identities
              doubled = again;
            }
            if (index % 10 === 0) expect(doubled).toEqual(once);
          }
          expect(doubled).toEqual(once);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("every event of every recording, applied twice, returns the very same state object the second time", () => {
    for (const name of RECORDINGS) {
      let state: LiveState = EMPTY_STATE;
      for (const event of events[name] ?? []) {
        state = reduce(state, event, { now: 0, keepEndedCalls: true });
        expect(reduce(state, event, { now: 0, keepEndedCalls: true }), `${name}: ${event.Event}`).toBe(state);
      }
    }
  });
});

describe("reducers are immutable and share structure", () => {
  it("never change their input, and keep the identity of every entity the event did not touch", () => {
    const problems: string[] = [];
    for (const name of RECORDINGS) {
      let state: LiveState = EMPTY_STATE;
      for (const event of events[name] ?? []) {
        const entries = LIVE_COLLECTIONS.map((collection) => [...state[collection]]);
        const next = reduce(state, event, { now: 0 });
        LIVE_COLLECTIONS.forEach((collection, index) => {
          const now = [...state[collection]];
          const then = entries[index] ?? [];
          const same =
            now.length === then.length &&
            now.every(([key, value], at) => then[at]?.[0] === key && then[at]?.[1] === value);
          if (!same) problems.push(`${name}: ${event.Event} changed its input's ${collection}`);
          const before = state[collection] as ReadonlyMap<string, unknown>;
          const after = next[collection] as ReadonlyMap<string, unknown>;
          const touched = [...after].filter(([key, value]) => before.get(key) !== value).length;
          // An event changes the few entities it is about, never the whole collection.
          if (touched > 4) problems.push(`${name}: ${event.Event} replaced ${touched} ${collection}`);
        });
        state = next;
      }
    }
    expect(problems).toEqual([]);
  });

  it("an event about one channel leaves the other channels, the bridges and the queues identical", () => {
    const all = events["bridge-two-party"] ?? [];
    const index = all.findIndex((event) => event.Event === "Hold" || event.Event === "Newstate");
    let state: LiveState = EMPTY_STATE;
    for (const event of all.slice(0, index)) state = reduce(state, event, { now: 0 });
    const event = all[index];
    if (event === undefined) throw new Error("no Newstate in the recording");
    const next = reduce(state, event, { now: 0 });
    expect(next.channels).not.toBe(state.channels);
    for (const [key, channel] of state.channels) {
      if (key !== event.Uniqueid) expect(next.channels.get(key)).toBe(channel);
    }
    expect(next.bridges).toBe(state.bridges);
    expect(next.queues).toBe(state.queues);
  });
});
