import { describe, expect, it } from "vitest";
import { diffStates, journaledChanges } from "./changes.ts";
import { EMPTY_STATE, type LiveState } from "./model/state.ts";
import { beginBatch, endBatch, takeJournal, withEntry, withoutEntry } from "./reducers/maps.ts";

/** Applies `edits` (device name → state, `undefined` removes) one after another inside one batch journal. */
function journaled(start: LiveState, edits: readonly [string, string | undefined][]) {
  beginBatch();
  try {
    let devices = start.devices;
    for (const [device, value] of edits) {
      devices =
        value === undefined
          ? withoutEntry(devices, device)
          : withEntry(devices, device, { device, state: value });
    }
    const after: LiveState = { ...start, devices };
    return { after, changes: journaledChanges(after, takeJournal(), "test") };
  } finally {
    endBatch();
  }
}

describe("journaledChanges", () => {
  const start: LiveState = {
    ...EMPTY_STATE,
    devices: new Map([
      ["a", { device: "a", state: "INUSE" }],
      ["b", { device: "b", state: "INUSE" }],
    ]),
  };

  for (const length of [3, 40]) {
    it(`reports each changed key once, as diffStates does, in a journal of ${length} entries`, () => {
      const edits: [string, string | undefined][] = [];
      for (let i = 0; edits.length < length - 3; i++) edits.push([`k${i % 5}`, `S${i}`]);
      edits.push(["a", undefined], ["b", "RINGING"], ["b", "INUSE"]); // b twice: one change
      const { after, changes } = journaled(start, edits);
      const line = (c: { kind: string; key: string }) => `${c.kind} ${c.key}`;
      expect(changes.map(line).sort()).toEqual(diffStates(start, after, "test").map(line).sort());
      expect(changes.map(line).sort()).toEqual(
        ["added k0", "added k1", "added k2", "added k3", "added k4", "removed a", "updated b"].slice(
          length === 3 ? 5 : 0,
        ),
      );
    });
  }
});
