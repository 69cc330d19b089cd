import { describe, expect, it } from "vitest";
import { EMPTY_STATE, type LiveState } from "./model/state.ts";
import { reduce } from "./reducers/reduce.ts";
import { buildSnapshot } from "./sync/build-snapshot.ts";
import { project } from "./test-support/project.ts";
import { actionIds, eventsBefore, listItems } from "./test-support/transcript-events.ts";

const TRANSCRIPTS = [
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
];

const replay = (events: readonly Parameters<typeof reduce>[1][]): LiveState =>
  events.reduce((state, event) => reduce(state, event, { now: 0 }), EMPTY_STATE);

// Every recording that asks Asterisk for its channels or bridges mid-call: the state the reducers built
// from the events before the answer must be what the answer lists (the recordings start with an idle PBX).
describe("the reducers agree with Asterisk's own lists on the real recordings", () => {
  const cases = TRANSCRIPTS.flatMap((name) => [
    ...actionIds(name, "CoreShowChannels").map((id) => ({ name, id, kind: "channels" as const })),
    // bl-2 and bl-2b filter by BridgeType (what they answer is a fact about the filter, not the state).
    ...actionIds(name, "BridgeList")
      .filter((id) => !id.startsWith("bl-2") || name !== "bridge-two-party")
      .map((id) => ({ name, id, kind: "bridges" as const })),
  ]);

  it("the recordings hold such lists", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)("$name $id: $kind", ({ name, id, kind }) => {
    const state = replay(eventsBefore(name, id));
    if (kind === "channels") {
      const fresh = buildSnapshot(
        { channels: listItems(name, id).filter((e) => e.Event === "CoreShowChannel") },
        0,
      );
      const live = project(state);
      const listed = project(fresh);
      expect(live.channels).toEqual(listed.channels);
      expect(live.calls).toEqual(listed.calls);
    } else {
      const items = listItems(name, id).filter((e) => e.Event === "BridgeListItem");
      // ConfBridge's announcer channel (CBAnn/<room>) counts in BridgeNumChannels but never reaches AMI
      // as Newchannel or BridgeEnter (FACTS.md): a softmix bridge has one member fewer in the model.
      const visible = (item: (typeof items)[number]) =>
        Number(item.BridgeNumChannels) - (item.BridgeTechnology === "softmix" ? 1 : 0);
      expect([...state.bridges.values()].map((b) => [b.uniqueid, b.members.length]).sort()).toEqual(
        items.map((item) => [item.BridgeUniqueid, visible(item)]).sort(),
      );
    }
  });
});
