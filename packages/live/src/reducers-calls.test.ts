import { describe, expect, it } from "vitest";
import { finalState, replaySteps, stateAfter } from "./test-support/replay-states.ts";

describe("calls and bridges on the real recordings", () => {
  it("bridge-two-party: the bridge gets 2 members, then 0, and is removed; the call ends with its last channel", () => {
    const steps = replaySteps("bridge-two-party");
    const bridgeId = "55ee3196-64bf-48c0-b021-fc3b6fd933ff";
    const created = stateAfter(steps, { Event: "BridgeCreate" });
    expect(created.bridges.get(bridgeId)).toMatchObject({
      type: "basic",
      technology: "simple_bridge",
      members: [],
    });
    const full = stateAfter(steps, { Event: "BridgeEnter", Uniqueid: "1796247764.1" });
    expect(full.bridges.get(bridgeId)?.members).toEqual(["1796247764.2", "1796247764.1"]);
    expect(full.channels.get("1796247764.1")?.bridge).toBe(bridgeId);
    const call = full.calls.get("1796247764.0");
    expect(call?.channels).toEqual(["1796247764.0", "1796247764.1", "1796247764.2", "1796247764.3"]);
    expect(call?.bridges).toEqual([bridgeId]);
    expect(call?.answeredAt).toBeDefined();
    const caller = full.channels.get("1796247764.0");
    expect(caller).toMatchObject({
      name: "Local/bridge@test-00000000;1",
      state: "Up",
      linkedid: "1796247764.0",
    });
    expect(caller?.callerId).toEqual({ number: "1001", name: "Alice" });
    expect(caller?.variables).toEqual({ FOO: "two-party", IDX: "1" });
    expect(full.channels.get("1796247764.1")?.dials["1796247764.2"]).toMatchObject({
      status: "ANSWER",
      ended: true,
    });
    const empty = stateAfter(steps, { Event: "BridgeLeave", Uniqueid: "1796247764.1" });
    expect(empty.bridges.get(bridgeId)?.members).toEqual([]);
    expect(empty.channels.get("1796247764.1")?.bridge).toBeUndefined();
    expect(stateAfter(steps, { Event: "BridgeDestroy" }).bridges.has(bridgeId)).toBe(false);
    const end = finalState(steps);
    expect(end.channels.size).toBe(0);
    expect(end.calls.size).toBe(0);
    expect(end.bridges.size).toBe(0);
  });

  it("local-optimization: the chain of Local channels collapses to one call in one bridge", () => {
    const steps = replaySteps("local-optimization");
    const after = stateAfter(steps, { Event: "Hangup", Uniqueid: "1796247771.7" });
    expect([...after.calls.keys()]).toEqual(["1796247771.4"]);
    expect([...after.bridges.keys()]).toEqual(["f0b89dc6-292b-4aac-9545-b0bc355624c2"]);
    expect(after.bridges.get("f0b89dc6-292b-4aac-9545-b0bc355624c2")?.members).toEqual([
      "1796247771.5",
      "1796247771.8",
    ]);
    expect(after.calls.get("1796247771.4")?.channels).toEqual([
      "1796247771.4",
      "1796247771.5",
      "1796247771.8",
      "1796247771.9",
    ]);
    expect(finalState(steps).calls.size).toBe(0);
  });

  it("blind-transfer: the call records the transfer and keeps going on the transferee", () => {
    const steps = replaySteps("blind-transfer", { keepEndedCalls: true });
    const after = stateAfter(steps, { Event: "Hangup", Uniqueid: "1796247801.32" });
    const call = after.calls.get("1796247801.32");
    expect(call?.transfers).toEqual([
      {
        kind: "blind",
        at: 0,
        result: "Success",
        isExternal: true,
        transferer: "1796247801.33",
        transferee: "1796247801.34",
        target: "wait@test",
        destinationType: undefined,
      },
    ]);
    expect(call?.channels).toEqual(["1796247801.34", "1796247801.35"]);
    expect(call?.endedAt).toBeUndefined();
    expect(finalState(steps).calls.get("1796247801.32")?.endedAt).toBe(0);
  });

  it("attended-transfer: the consultation bridge merges into the first, the call records an attended transfer", () => {
    const steps = replaySteps("attended-transfer", { keepEndedCalls: true });
    const consulting = stateAfter(steps, {
      Event: "BridgeEnter",
      Uniqueid: "1796247805.37",
      BridgeUniqueid: "c32ece41-20be-4de8-b63b-37aa57d797a0",
    });
    expect([...(consulting.calls.get("1796247805.36")?.bridges ?? [])].sort()).toEqual([
      "16e1e89a-4f7d-44a8-9ebc-11196f259637",
      "c32ece41-20be-4de8-b63b-37aa57d797a0",
    ]);
    expect(consulting.channels.get("1796247805.37")?.onHold).toBe(true);
    const done = stateAfter(steps, { Event: "Hangup", Uniqueid: "1796247805.36" });
    const call = done.calls.get("1796247805.36");
    expect(call?.transfers).toMatchObject([
      {
        kind: "attended",
        result: "Success",
        isExternal: false,
        transferer: "1796247805.37",
        transferee: "1796247805.38",
        target: "1796247806.40",
        destinationType: "Bridge",
      },
    ]);
    expect(call?.bridges).toEqual(["16e1e89a-4f7d-44a8-9ebc-11196f259637"]);
    expect(done.bridges.get("16e1e89a-4f7d-44a8-9ebc-11196f259637")?.members).toEqual([
      "1796247805.38",
      "1796247806.40",
    ]);
    expect(done.bridges.has("c32ece41-20be-4de8-b63b-37aa57d797a0")).toBe(false);
  });

  it("attended-transfer: a NewCallerid that Asterisk sends after a channel's Hangup does not bring it back", () => {
    const steps = replaySteps("attended-transfer");
    const hangup = steps.findIndex(
      ({ event }) => event.Event === "Hangup" && event.Uniqueid === "1796247805.39",
    );
    const late = steps.slice(hangup + 1).find(({ event }) => event.Uniqueid === "1796247805.39");
    expect(late?.event.Event).toBe("NewCallerid");
    expect(late?.state.channels.has("1796247805.39")).toBe(false);
    expect(finalState(steps).channels.size).toBe(0);
    expect(finalState(steps).calls.size).toBe(0);
  });

  it("hold: Hold and Unhold set the channel's hold flag", () => {
    const steps = replaySteps("hold");
    expect(stateAfter(steps, { Event: "Hold" }).channels.get("1796247825.48")?.onHold).toBe(true);
    expect(stateAfter(steps, { Event: "Unhold" }).channels.get("1796247825.48")?.onHold).toBe(false);
  });

  it("park: the parking lot is a holding bridge created by Parking", () => {
    const steps = replaySteps("park");
    const parked = [...finalState(steps).bridges.values()].find((bridge) => bridge.type === "parking");
    expect(parked).toMatchObject({ technology: "holding_bridge", name: "default", creator: "Parking" });
  });
});
