import { eventHeaderNames } from "@amikit/test-support";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCallSimulator } from "./call-simulator.ts";

type EventFields = Readonly<Record<string, string>>;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const events: EventFields[] = [];
  return {
    events,
    emit: (event: EventFields) => events.push(event),
    names: () => events.map((e) => e.Event),
  };
}

describe("a simulated call", () => {
  it("plays an answered call from Newchannel to BridgeDestroy, every event sharing the caller's Linkedid", () => {
    const sink = recorder();
    const simulator = createCallSimulator({ emit: sink.emit, ringMs: [100, 100], talkMs: [500, 500] });
    const caller = simulator.placeCall({ from: "alice", to: "bob", outcome: "answered" });
    expect(caller.name).toMatch(/^PJSIP\/alice-[0-9a-f]{8}$/);
    expect(simulator.channels()).toHaveLength(2);
    vi.advanceTimersByTime(10_000);
    const callNames = sink.names().filter((name) => name !== "DeviceStateChange");
    expect(callNames).toEqual([
      "Newchannel",
      "Newexten",
      "Newchannel",
      "DialBegin",
      "Newstate",
      "Newstate",
      "DialEnd",
      "Newstate",
      "BridgeCreate",
      "BridgeEnter",
      "BridgeEnter",
      "HangupRequest",
      "BridgeLeave",
      "Hangup",
      "BridgeLeave",
      "Hangup",
      "BridgeDestroy",
    ]);
    const channelEvents = sink.events.filter((event) => event.Channel !== undefined);
    expect(new Set(channelEvents.map((event) => event.Linkedid))).toEqual(new Set([caller.uniqueid]));
    const dialBegin = sink.events.find((event) => event.Event === "DialBegin");
    expect(dialBegin).toMatchObject({
      Channel: caller.name,
      CallerIDNum: "1001",
      DestCallerIDNum: "1002",
      DialString: "bob",
    });
    expect(sink.events.find((event) => event.Event === "DialEnd")?.DialStatus).toBe("ANSWER");
    const hangups = sink.events.filter((event) => event.Event === "Hangup");
    expect(hangups.map((event) => event["Cause-txt"])).toEqual(["Normal Clearing", "Normal Clearing"]);
    const enters = sink.events.filter((event) => event.Event === "BridgeEnter");
    expect(enters.map((event) => event.BridgeNumChannels)).toEqual(["1", "2"]);
    expect(simulator.channels()).toEqual([]);
    expect(simulator.stats).toMatchObject({
      callsStarted: 1,
      callsEnded: 1,
      eventsEmitted: sink.events.length,
    });
  });

  it("ends busy and unanswered calls with the matching DialStatus, cause and no bridge", () => {
    for (const [outcome, status, cause] of [
      ["busy", "BUSY", "17"],
      ["no-answer", "NOANSWER", "19"],
    ] as const) {
      const sink = recorder();
      const simulator = createCallSimulator({ emit: sink.emit });
      simulator.placeCall({ from: "carol", to: "dave", outcome });
      vi.advanceTimersByTime(10_000);
      expect(sink.events.find((event) => event.Event === "DialEnd")?.DialStatus).toBe(status);
      expect(sink.names()).not.toContain("BridgeCreate");
      expect(sink.events.filter((event) => event.Event === "Hangup").map((event) => event.Cause)).toEqual([
        cause,
        cause,
      ]);
      expect(simulator.channels()).toEqual([]);
    }
  });

  it("writes channel events with the same headers, in the same order, as Asterisk 22", () => {
    const sink = recorder();
    const simulator = createCallSimulator({ emit: sink.emit });
    simulator.placeCall({ outcome: "answered" });
    vi.advanceTimersByTime(10_000);
    for (const name of ["Newchannel", "Newstate", "Hangup", "Newexten", "HangupRequest"]) {
      const ours = sink.events.find((event) => event.Event === name);
      expect(ours, name).toBeDefined();
      expect(Object.keys(ours ?? {}), name).toEqual(eventHeaderNames("originate-call", name));
    }
    // The recorded DialBegin/DialEnd come from an Originate, which has no calling channel: Asterisk then
    // leaves out the caller's (unprefixed) snapshot. Ours have a caller; the rest must match exactly.
    const callerSnapshot = new Set(eventHeaderNames("originate-call", "Newchannel").slice(2));
    for (const name of ["DialBegin", "DialEnd"]) {
      const ours = Object.keys(sink.events.find((event) => event.Event === name) ?? {});
      expect(ours.filter((header) => callerSnapshot.has(header))).toEqual([...callerSnapshot]);
      expect(
        ours.filter((header) => !callerSnapshot.has(header)),
        name,
      ).toEqual(eventHeaderNames("originate-call", name));
    }
    const device = sink.events.find((event) => event.Event === "DeviceStateChange");
    expect(Object.keys(device ?? {})).toEqual(eventHeaderNames("originate-call", "DeviceStateChange"));
  });

  it("keeps values as strings, including non-ASCII caller names", () => {
    const sink = recorder();
    const simulator = createCallSimulator({ emit: sink.emit });
    simulator.placeCall({ from: "dave", to: "alice", outcome: "answered" });
    expect(sink.events[0]).toMatchObject({
      CallerIDName: "Иван Петров",
      CallerIDNum: "1004",
      ChannelState: "4",
    });
    for (const event of sink.events)
      for (const value of Object.values(event)) expect(typeof value).toBe("string");
  });
});

describe("the call generator", () => {
  it("starts calls at roughly the configured rate and stop() silences it", () => {
    const sink = recorder();
    const simulator = createCallSimulator({ emit: sink.emit, callsPerSecond: 4 });
    simulator.start();
    vi.advanceTimersByTime(10_000);
    expect(simulator.stats.callsStarted).toBeGreaterThanOrEqual(30);
    expect(simulator.stats.callsStarted).toBeLessThanOrEqual(50);
    simulator.stop();
    const count = sink.events.length;
    vi.advanceTimersByTime(60_000);
    expect(sink.events.length).toBe(count);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("repeats the same traffic for the same seed", () => {
    const run = (seed: number) => {
      const sink = recorder();
      const simulator = createCallSimulator({
        emit: sink.emit,
        callsPerSecond: 3,
        seed,
        now: () => 1_700_000_000_000,
      });
      simulator.start();
      vi.advanceTimersByTime(5_000);
      simulator.stop();
      return sink.events;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });
});

describe("originate and hangup", () => {
  it("answers an Originate with OriginateResponse carrying its ActionID, then dials the extension", () => {
    const sink = recorder();
    const simulator = createCallSimulator({ emit: sink.emit });
    expect(
      simulator.originate({
        Channel: "PJSIP/alice",
        Exten: "1002",
        Context: "from-internal",
        ActionID: "o-1",
        CallerID: '"Alice" <1001>',
      }),
    ).toBeUndefined();
    vi.advanceTimersByTime(3_000);
    const response = sink.events.find((event) => event.Event === "OriginateResponse");
    expect(response).toMatchObject({
      ActionID: "o-1",
      Response: "Success",
      Reason: "4",
      Context: "from-internal",
      Exten: "1002",
    });
    expect(response?.Channel).toMatch(/^PJSIP\/alice-/);
    expect(sink.events.find((event) => event.Event === "DialBegin")).toMatchObject({
      DestChannel: expect.stringMatching(/^PJSIP\/bob-/),
    });
  });

  it("refuses an Originate to an unknown technology", () => {
    const simulator = createCallSimulator({ emit: () => {} });
    expect(simulator.originate({ Channel: "Bogus/x" })).toMatch(/Originate failed/);
    expect(simulator.originate({})).toMatch(/Originate failed/);
  });

  it("hangs up a live call by channel name", () => {
    const sink = recorder();
    const simulator = createCallSimulator({ emit: sink.emit, ringMs: [100, 100], talkMs: [60_000, 60_000] });
    const caller = simulator.placeCall({ outcome: "answered" });
    vi.advanceTimersByTime(1_000);
    expect(simulator.channels()).toHaveLength(2);
    expect(simulator.hangup(caller.name)).toBe(true);
    expect(simulator.channels()).toEqual([]);
    expect(sink.events.filter((event) => event.Event === "Hangup")).toHaveLength(2);
    expect(simulator.hangup("PJSIP/nobody-00000000")).toBe(false);
  });
});

describe("hold", () => {
  it("puts a channel on hold and takes it off with Hold and Unhold, shaped as in hold.jsonl", () => {
    const sink = recorder();
    const simulator = createCallSimulator({ emit: sink.emit, ringMs: [100, 100], talkMs: [60_000, 60_000] });
    const caller = simulator.placeCall({ from: "alice", to: "bob", outcome: "answered" });
    vi.advanceTimersByTime(1_000);
    expect(simulator.hold(caller.name)).toBe(true);
    expect(simulator.channel(caller.name)?.onHold).toBe(true);
    expect(simulator.unhold(caller.name)).toBe(true);
    expect(simulator.channel(caller.name)?.onHold).toBe(false);
    // The recording's server sends ChanVariable lines (channelvars); this simulator has none.
    const recorded = (name: string) =>
      eventHeaderNames("hold", name).filter((header) => header !== "ChanVariable");
    const hold = sink.events.find((event) => event.Event === "Hold");
    expect(Object.keys(hold ?? {})).toEqual(recorded("Hold"));
    expect(hold).toMatchObject({ Channel: caller.name, MusicClass: "default" });
    expect(Object.keys(sink.events.find((event) => event.Event === "Unhold") ?? {})).toEqual(
      recorded("Unhold"),
    );
    expect(simulator.hold("PJSIP/nobody-00000000")).toBe(false);
    expect(simulator.unhold("PJSIP/nobody-00000000")).toBe(false);
  });
});
