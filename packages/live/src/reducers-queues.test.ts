import { describe, expect, it } from "vitest";
import { EMPTY_STATE } from "./model/state.ts";
import { reduce } from "./reducers/reduce.ts";
import { buildSnapshot } from "./sync/build-snapshot.ts";
import { finalState, replaySteps, stateAfter } from "./test-support/replay-states.ts";
import { eventsBefore, listItems } from "./test-support/transcript-events.ts";

describe("queues on the real recording (queue-call)", () => {
  const steps = replaySteps("queue-call");

  it("the caller joins at position 1, is answered (leaves the queue), and the call completes", () => {
    const joined = stateAfter(steps, { Event: "QueueCallerJoin", Uniqueid: "1796247778.11" }).queues.get(
      "support",
    );
    expect(joined?.entries["1796247778.11"]).toMatchObject({
      position: 1,
      channel: "Local/queue@test-00000005;2",
      callerId: { number: "5001", name: "Queue Caller" },
    });
    expect(joined?.stats.calls).toBe(1);
    const left = stateAfter(steps, { Event: "QueueCallerLeave", Uniqueid: "1796247778.11" }).queues.get(
      "support",
    );
    expect(left?.entries).toEqual({});
    expect(left?.stats.calls).toBe(0);
    const talking = stateAfter(steps, { Event: "QueueMemberStatus", InCall: "1" }).queues.get("support");
    expect(talking?.members["Local/agent2@agents/n"]).toMatchObject({
      name: "Agent Two",
      inCall: true,
      status: 2,
    });
    const done = stateAfter(steps, { Event: "AgentComplete" }).queues.get("support");
    expect(done?.stats.completed).toBe(1);
    // The recorded QueueParams after the call says TalkTime 4: the events alone give the same average.
    const params = listItems("queue-call", "qs-3").find((item) => item.Event === "QueueParams");
    expect(params?.TalkTime).toBe("4");
    expect(done?.stats.talkTime).toBe(Number(params?.TalkTime));
  });

  it("talk time: the first completed call's as is, later ones in app_queue's running average", () => {
    const complete = (uniqueid: string, talk: number) =>
      ({
        Event: "AgentComplete",
        Queue: "q",
        Uniqueid: uniqueid,
        HoldTime: "0",
        TalkTime: String(talk),
      }) as never;
    let state = reduce(EMPTY_STATE, complete("1.1", 40), { now: 0 });
    expect(state.queues.get("q")?.stats.talkTime).toBe(40);
    state = reduce(state, complete("1.2", 8), { now: 0 });
    expect(state.queues.get("q")?.stats.talkTime).toBe(32); // (3 × 40 + 8) >> 2
    state = reduce(state, complete("1.2", 8), { now: 0 });
    expect(state.queues.get("q")?.stats).toMatchObject({ talkTime: 32, completed: 2 }); // applied twice, counted once
  });

  it("a member added, paused with a reason, unpaused, re-penalised and removed", () => {
    const agent = "Local/agent9@agents/n";
    const added = stateAfter(steps, { Event: "QueueMemberAdded" }).queues.get("support")?.members[agent];
    expect(added).toMatchObject({ name: "Temp Agent", membership: "dynamic", penalty: 1, paused: false });
    const paused = stateAfter(steps, { Event: "QueueMemberPause", PausedReason: "lunch break" });
    expect(paused.queues.get("support")?.members[agent]).toMatchObject({
      paused: true,
      pausedReason: "lunch break",
    });
    const penalty = stateAfter(steps, { Event: "QueueMemberPenalty" }).queues.get("support")?.members[agent];
    expect(penalty).toMatchObject({ penalty: 3, paused: false });
    expect(
      stateAfter(steps, { Event: "QueueMemberRemoved" }).queues.get("support")?.members[agent],
    ).toBeUndefined();
  });

  it("two callers abandon the sales queue", () => {
    const sales = finalState(steps).queues.get("sales");
    expect(sales?.stats.abandoned).toBe(2);
    expect(sales?.entries).toEqual({});
  });

  it("the QueueStatus snapshot lists params, members and the waiting caller with its position", () => {
    const snapshot = buildSnapshot({ queues: listItems("queue-call", "qs-4") }, 10_000);
    const sales = snapshot.queues.get("sales");
    expect(sales).toMatchObject({ strategy: "rrmemory", stats: { calls: 1, abandoned: 0 } });
    expect(Object.keys(sales?.members ?? {})).toEqual(["Local/agent3@agents/n"]);
    expect(sales?.entries["1796247785.17"]).toMatchObject({ position: 1, joinedAt: 10_000 });
  });

  it("positions close up when a caller ahead leaves, and open up when one joins ahead", () => {
    const join = (uniqueid: string, position: string) => ({
      Event: "QueueCallerJoin",
      Queue: "q",
      Uniqueid: uniqueid,
      Channel: `PJSIP/${uniqueid}`,
      Position: position,
      Count: "0",
    });
    let state = EMPTY_STATE;
    for (const event of [join("a", "1"), join("b", "2"), join("c", "1")])
      state = reduce(state, event, { now: 0 });
    const positions = () =>
      Object.fromEntries(
        Object.values(state.queues.get("q")?.entries ?? {}).map((e) => [e.uniqueid, e.position]),
      );
    expect(positions()).toEqual({ a: 2, b: 3, c: 1 });
    state = reduce(
      state,
      { Event: "QueueCallerLeave", Queue: "q", Uniqueid: "a", Position: "2", Count: "2" },
      { now: 0 },
    );
    expect(positions()).toEqual({ b: 2, c: 1 });
  });
});

describe("conferences, device and extension states on the real recordings", () => {
  it("conference: three join, one is muted and unmuted, one is kicked, the conference ends", () => {
    const steps = replaySteps("conference");
    const full = stateAfter(steps, { Event: "ConfbridgeJoin", Uniqueid: "1796247795.31" }).conferences.get(
      "room1",
    );
    expect(Object.keys(full?.participants ?? {}).sort()).toEqual([
      "1796247795.25",
      "1796247795.27",
      "1796247795.31",
    ]);
    expect(full?.bridge).toBe("237ed26e-6d35-4c77-b1f0-a2f8d6aaa5ac");
    const muted = stateAfter(steps, { Event: "ConfbridgeMute" }).conferences.get("room1");
    expect(muted?.participants["1796247795.27"]?.muted).toBe(true);
    const unmuted = stateAfter(steps, { Event: "ConfbridgeUnmute" }).conferences.get("room1");
    expect(unmuted?.participants["1796247795.27"]?.muted).toBe(false);
    const kicked = stateAfter(steps, { Event: "ConfbridgeLeave", Uniqueid: "1796247795.25" }).conferences.get(
      "room1",
    );
    expect(Object.keys(kicked?.participants ?? {}).sort()).toEqual(["1796247795.27", "1796247795.31"]);
    expect(finalState(steps).conferences.size).toBe(0);
  });

  it("conference: the ConfbridgeListRooms + ConfbridgeList snapshot lists the same participants", () => {
    const snapshot = buildSnapshot(
      {
        conferences: [
          {
            room: listItems("conference", "cblr-1")[0] ?? {},
            members: listItems("conference", "cbl-1").slice(0, 3),
          },
        ],
      },
      0,
    );
    expect(Object.keys(snapshot.conferences.get("room1")?.participants ?? {}).sort()).toEqual([
      "1796247795.25",
      "1796247795.27",
      "1796247795.31",
    ]);
  });

  it("device-state: devices and hints follow DeviceStateChange and ExtensionStatus", () => {
    const steps = replaySteps("device-state");
    expect(
      stateAfter(steps, { Event: "DeviceStateChange", State: "RINGING" }).devices.get("Custom:lamp1"),
    ).toEqual({
      device: "Custom:lamp1",
      state: "RINGING",
    });
    const hold = stateAfter(steps, { Event: "ExtensionStatus", StatusText: "Hold", Exten: "desk" });
    expect(hold.extensions.get("desk@test")).toMatchObject({
      status: 16,
      hint: "Custom:lamp1&Custom:lamp2,CustomPresence:desk",
    });
    const end = finalState(steps);
    expect(end.extensions.get("lamp@test")?.statusText).toBe("Idle");
    expect(end.devices.get("Custom:lamp1")?.state).toBe("NOT_INUSE");
    expect(end.devices.has("Local/lamp@test")).toBe(false); // never listed by DeviceStateList (FACTS.md)
  });

  it("device-state: the first lists plus the events in between give exactly the second lists", () => {
    const first = buildSnapshot(
      { devices: listItems("device-state", "dsl-1"), extensions: listItems("device-state", "esl-1") },
      0,
    );
    const between = eventsBefore("device-state", "dsl-2").slice(eventsBefore("device-state", "esl-1").length);
    expect(between.length).toBeGreaterThan(20);
    const replayed = between.reduce((state, event) => reduce(state, event, { now: 0 }), first);
    const second = buildSnapshot(
      { devices: listItems("device-state", "dsl-2"), extensions: listItems("device-state", "esl-2") },
      0,
    );
    expect(replayed.devices).toEqual(second.devices);
    expect(replayed.extensions).toEqual(second.extensions);
  });
});
