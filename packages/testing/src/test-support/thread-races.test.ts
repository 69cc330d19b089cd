import { describe, expect, it } from "vitest";
import { deviceReadBeforeCaretaker, RaceRuleError } from "./thread-races.ts";

const packet = (fields: Record<string, string>) =>
  `${Object.entries(fields)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("")}`;

const CALL = "Local/agent3@agents-0000000b";
const read = {
  call: CALL,
  newstate: { half: 1, state: "Ringing" },
  member: { queue: "sales", interface: "Local/agent3@agents/n" },
} as const;
const ringing = (call = CALL) =>
  packet({ Event: "Newstate", Channel: `${call};1`, ChannelStateDesc: "Ringing" });
const device = (state: string, name = "Local/agent3@agents") =>
  packet({ Event: "DeviceStateChange", Device: name, State: state });
const status = (value: string, queue = "sales") =>
  packet({ Event: "QueueMemberStatus", Queue: queue, Interface: "Local/agent3@agents/n", Status: value });
const avail = (state: string) => device(state, "Queue:sales_avail");
const hangup = (half: string, call = CALL) => packet({ Event: "Hangup", Channel: `${call};${half}` });
const other = packet({ Event: "QueueCallerJoin", Channel: "Local/salesq@test-0000000a;2" });
const placed = (event: string, state: "0 Down" | "5 Ringing", call = CALL) => {
  const [number = "", desc = ""] = state.split(" ");
  return packet({
    Event: event,
    Channel: "Local/salesq@test-0000000a;2",
    DestChannel: `${call};1`,
    DestChannelState: number,
    DestChannelStateDesc: desc,
    DestExten: "salesq",
  });
};

/** The fake's form of the second sales call: INUSE at ringing, a status pair and an availability pair. */
const fakeForm = [
  other,
  placed("AgentCalled", "0 Down"),
  placed("DialBegin", "0 Down"),
  ringing(),
  device("INUSE"),
  status("2"),
  avail("INUSE"),
  other,
  hangup("1"),
  hangup("2"),
  device("NOT_INUSE"),
  device("NOT_INUSE"),
  status("1"),
  avail("NOT_INUSE"),
  other,
];

/** What queue-call.jsonl recorded for it: NOT_INUSE at ringing, no status or availability change. */
const recordedForm = [
  other,
  placed("AgentCalled", "5 Ringing"),
  placed("DialBegin", "5 Ringing"),
  ringing(),
  device("NOT_INUSE"),
  other,
  hangup("1"),
  hangup("2"),
  device("NOT_INUSE"),
  device("NOT_INUSE"),
  other,
];

describe("rule: a Local member device read before core_local.c set its caretaker flag", () => {
  it("turns the fake's form of the named call into the recorded one, the rest untouched", () => {
    expect(deviceReadBeforeCaretaker(read, fakeForm)).toEqual(recordedForm);
  });

  it("also when the availability device did not change (it was INUSE already): the status pair only", () => {
    const withoutAvail = fakeForm.filter((p) => !p.includes("Queue:sales_avail"));
    expect(deviceReadBeforeCaretaker(read, withoutAvail)).toEqual(recordedForm);
  });

  it("leaves another call of the same member alone (the first sales call keeps its INUSE)", () => {
    const first = "Local/agent3@agents-00000009";
    const before = [
      placed("AgentCalled", "0 Down", first),
      placed("DialBegin", "0 Down", first),
      ringing(first),
      device("INUSE"),
      status("2"),
      hangup("1", first),
      status("1"),
      avail("NOT_INUSE"),
    ];
    expect(deviceReadBeforeCaretaker(read, [...before, ...fakeForm])).toEqual([...before, ...recordedForm]);
  });

  const rejects: [string, string[]][] = [
    ["the recorded form itself (nothing to rewrite)", recordedForm],
    ["another call only", fakeForm.map((p) => p.replaceAll(CALL, "Local/agent3@agents-0000000c"))],
    ["no device read while it rang", fakeForm.filter((_, index) => index !== 4)],
    ["a read of another state", fakeForm.map((p, index) => (index === 4 ? device("RINGING") : p))],
    ["no Status 2", fakeForm.filter((_, index) => index !== 5)],
    ["a Status 2 of another queue", fakeForm.map((p, index) => (index === 5 ? status("2", "support") : p))],
    ["no Status 1 after the hang-up", fakeForm.filter((_, index) => index !== 12)],
    ["a Status 1 before the hang-up", [...fakeForm.slice(0, 6), status("1"), ...fakeForm.slice(6)]],
    ["one availability change without the other", fakeForm.filter((_, index) => index !== 13)],
    ["no AgentCalled of the call", fakeForm.filter((_, index) => index !== 1)],
    [
      "a DialBegin that shows ;1 Ringing already",
      fakeForm.map((p, index) => (index === 2 ? placed("DialBegin", "5 Ringing") : p)),
    ],
    ["a call that never hung up", fakeForm.filter((p) => !p.startsWith("Event: Hangup"))],
  ];
  for (const [what, packets] of rejects) {
    it(`rejects ${what}`, () => {
      expect(() => deviceReadBeforeCaretaker(read, packets)).toThrow(RaceRuleError);
    });
  }
});

describe("the same rule for a Dial peer whose ;2 answered before local_call returned (park.jsonl)", () => {
  const PEER = "Local/longtalk@test-0000001e";
  const peer = { call: PEER, newstate: { half: 2, state: "Up" } } as const;
  const up = (half: string) =>
    packet({ Event: "Newstate", Channel: `${PEER};${half}`, ChannelStateDesc: "Up" });
  const longtalk = (state: string) => device(state, "Local/longtalk@test");
  const earlier = [up("2").replace("0000001e", "0000001c"), longtalk("INUSE"), longtalk("INUSE")];

  it("turns the first read after ;2 went up into NOT_INUSE, and nothing else", () => {
    expect(
      deviceReadBeforeCaretaker(peer, [...earlier, up("2"), up("1"), longtalk("INUSE"), longtalk("INUSE")]),
    ).toEqual([...earlier, up("2"), up("1"), longtalk("NOT_INUSE"), longtalk("INUSE")]);
  });

  it("rejects the recorded form itself, a read of another state and a call that never went up", () => {
    const rejected = [
      [up("2"), longtalk("NOT_INUSE"), longtalk("INUSE")],
      [up("2"), longtalk("RINGING")],
      [up("1"), longtalk("INUSE")],
      [longtalk("INUSE"), up("2")],
    ];
    for (const packets of rejected)
      expect(() => deviceReadBeforeCaretaker(peer, packets)).toThrow(RaceRuleError);
  });
});
