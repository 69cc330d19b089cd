import { EMPTY_STATE, type LiveChannel, type LiveQueue, type LiveState } from "@amikit/live";
import { describe, expect, it } from "vitest";
import { createPalette } from "../format/colour.ts";
import { parseTopDomains } from "./top-options.ts";
import { allotRows, fitLine, formatDuration, renderFrame, snapshotDocument } from "./top-render.ts";

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

function channel(uniqueid: string, name: string, fields: Partial<LiveChannel> = {}): LiveChannel {
  return {
    uniqueid,
    linkedid: uniqueid,
    name,
    state: "Up",
    stateCode: "6",
    callerId: { number: "1001", name: "Alice" },
    connectedLine: { number: "<unknown>", name: "<unknown>" },
    accountCode: "",
    language: "en",
    context: "from-internal",
    exten: "1002",
    priority: "1",
    application: "",
    applicationData: "",
    variables: {},
    onHold: false,
    bridge: undefined,
    dials: {},
    createdAt: NOW - 65_000,
    answeredAt: undefined,
    ...fields,
  };
}

const queue: LiveQueue = {
  name: "support",
  strategy: "ringall",
  max: 0,
  weight: 0,
  stats: {
    calls: 2,
    holdTime: 10,
    talkTime: 60,
    completed: 7,
    abandoned: 1,
    serviceLevel: 60,
    serviceLevelPerf: 87.5,
  },
  members: {
    // Rung by a waiting caller: its device may already say INUSE (recorded), yet it is not in a call.
    "PJSIP/bob": member("PJSIP/bob", { status: 2 }),
    "PJSIP/carol": member("PJSIP/carol", { status: 2, inCall: true }),
    "PJSIP/dave": member("PJSIP/dave", { status: 1, paused: true, pausedReason: "lunch" }),
  },
  entries: {
    "9.1": {
      uniqueid: "9.1",
      channel: "PJSIP/erin-1",
      position: 1,
      callerId: { number: "1005", name: "Erin" },
      joinedAt: NOW - 125_000,
    },
    "9.2": {
      uniqueid: "9.2",
      channel: "PJSIP/frank-2",
      position: 2,
      callerId: { number: "1006", name: "Frank" },
      joinedAt: NOW - 5_000,
    },
  },
  counted: ["x"],
};

function member(name: string, fields: Partial<LiveQueue["members"][string]>): LiveQueue["members"][string] {
  return {
    interface: name,
    name,
    stateInterface: name,
    membership: "dynamic",
    penalty: 0,
    status: 1,
    paused: false,
    pausedReason: "",
    inCall: false,
    callsTaken: 0,
    lastCall: 0,
    lastPause: 0,
    loginTime: 0,
    wrapupTime: 0,
    ...fields,
  };
}

const state: LiveState = {
  ...EMPTY_STATE,
  channels: new Map([
    ["1.2", channel("1.2", "PJSIP/bob-00000002", { linkedid: "1.1", createdAt: NOW - 64_000, bridge: "b1" })],
    ["1.1", channel("1.1", "PJSIP/alice-00000001", { onHold: true, bridge: "b1" })],
    // The second caller waiting in the queue is ringing bob (app_queue dials members from the caller).
    [
      "9.2",
      channel("9.2", "PJSIP/frank-2", {
        state: "Ring",
        dials: {
          "9.3": {
            destination: "9.3",
            destinationName: "PJSIP/bob-00000009",
            status: "RINGING",
            ended: false,
          },
        },
      }),
    ],
  ]),
  calls: new Map([
    [
      "1.1",
      {
        linkedid: "1.1",
        channels: ["1.2", "1.1"],
        bridges: ["b1"],
        startedAt: NOW - 65_000,
        answeredAt: NOW - 60_000,
        endedAt: undefined,
        transfers: [],
      },
    ],
  ]),
  bridges: new Map([
    [
      "b1",
      {
        uniqueid: "b1",
        type: "basic",
        technology: "simple_bridge",
        name: "",
        creator: "",
        members: ["1.1", "1.2"],
      },
    ],
  ]),
  queues: new Map([["support", queue]]),
};

const plain = createPalette(false);
const status = { state: "synced", syncs: 1 } as const;

describe("amikit top's rendering", () => {
  it("formats durations as m:ss and h:mm:ss", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(65_999)).toBe("1:05");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
  });

  it("cuts lines to the width, marking the cut", () => {
    expect(fitLine("abcdef", 4)).toBe("abc…");
    expect(fitLine("abcdef", 6)).toBe("abcdef");
    expect(fitLine("abcdef", 0)).toBe("abcdef");
  });

  it("shows a call with its caller first, on hold, and the queue's waiting callers and members", () => {
    const { sections } = parseTopDomains("calls,bridges,queues");
    const lines = renderFrame({
      state,
      sections,
      target: "admin@pbx:5038",
      status,
      now: NOW,
      width: 0,
      colour: plain,
    });
    expect(lines[0]).toBe("amikit top — admin@pbx:5038 — synced — 03:04:05 UTC");
    expect(lines).toContain("CALLS (1)");
    expect(lines).toContain(
      "1.1       1:05  hold   Alice <1001>  PJSIP/alice-00000001 (hold) → PJSIP/bob-00000002",
    );
    expect(lines).toContain("b1      basic  simple_bridge  2: PJSIP/alice-00000001, PJSIP/bob-00000002");
    const queues = lines.slice(lines.indexOf("QUEUES (1)"));
    expect(queues.slice(0, 14)).toEqual([
      "QUEUES (1)",
      "QUEUE    STRATEGY  WAITING  LONGEST  DONE/LOST  SL     AGENTS",
      "support  ringall   2        2:05     7/1        87.5%  3 (1 ringing, 1 in call, 1 paused)",
      "",
      "AGENTS (3)",
      "QUEUE    AGENT        STATE          CALLS  INTERFACE",
      "support  PJSIP/bob    ringing        0      PJSIP/bob",
      "support  PJSIP/carol  in call        0      PJSIP/carol",
      "support  PJSIP/dave   paused: lunch  0      PJSIP/dave",
      "",
      "WAITING (2)",
      "QUEUE    POS  WAIT  CALLER        CHANNEL",
      "support  1    2:05  Erin <1005>   PJSIP/erin-1",
      "support  2    0:05  Frank <1006>  PJSIP/frank-2",
    ]);
    expect(lines.join("\n")).not.toContain("CONFERENCES");
  });

  it("shows an agent ringing when a snapshot has its channel Ringing out of a bridge (CoreShowChannels has no dials)", () => {
    const eve = "Local/agent5@agents/n";
    const agentRow = (ringing: Partial<LiveChannel>) => {
      const lines = renderFrame({
        state: {
          ...EMPTY_STATE,
          channels: new Map([["7.1", channel("7.1", "Local/agent5@agents-00000007;1", ringing)]]),
          queues: new Map([
            [
              "sales",
              {
                ...queue,
                name: "sales",
                entries: {},
                members: { [eve]: member(eve, { name: "Eve", status: 2 }) },
              },
            ],
          ]),
        },
        sections: parseTopDomains("queues").sections,
        target: "t",
        status,
        now: NOW,
        width: 0,
        colour: plain,
      });
      return lines.find((line) => line.startsWith("sales  Eve"));
    };
    expect(agentRow({ state: "Ringing" })).toMatch(/^sales\s+Eve\s+ringing\s+0\s+Local\/agent5@agents\/n$/);
    // Up and bridged (or ringing in a bridge): the device state decides.
    expect(agentRow({ state: "Up", bridge: "b9" })).toMatch(/^sales\s+Eve\s+in call\s/);
    expect(agentRow({ state: "Ringing", bridge: "b9" })).toMatch(/^sales\s+Eve\s+in call\s/);
  });

  it("fits every line to a narrow terminal", () => {
    const { sections } = parseTopDomains("all");
    const lines = renderFrame({
      state,
      sections,
      target: "admin@pbx:5038",
      status,
      now: NOW,
      width: 30,
      colour: plain,
    });
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
  });

  it("shares a terminal's height between the tables, so a long one cannot hide the others", () => {
    expect(allotRows([50, 2, 0], 10)).toEqual([8, 2, 0]);
    expect(allotRows([50, 50], 5)).toEqual([3, 2]);
    expect(allotRows([3], -4)).toEqual([0]);
    const many: LiveState = {
      ...state,
      calls: new Map(
        Array.from({ length: 40 }, (_, n) => [
          `2.${n}`,
          {
            ...(state.calls.get("1.1") as NonNullable<ReturnType<LiveState["calls"]["get"]>>),
            linkedid: `2.${n}`,
          },
        ]),
      ),
    };
    const { sections } = parseTopDomains("calls,queues");
    const lines = renderFrame({
      state: many,
      sections,
      target: "t",
      status,
      now: NOW,
      width: 0,
      colour: plain,
      height: 20,
    });
    // The header, four tables (calls; queues, agents, waiting) of three lines each, and 7 rows shared out.
    expect(lines).toHaveLength(20);
    expect(lines).toContain("CALLS (40)");
    expect(lines).toContain("… 39 more");
    expect(lines).toContain("… 2 more");
    expect(lines.at(-1)).toMatch(/^support +2 +0:05 +Frank/);
    // With no line left for rows, the tables keep their titles and headings, and the frame its height.
    const cramped = renderFrame({
      state: many,
      sections,
      target: "t",
      status,
      now: NOW,
      width: 0,
      colour: plain,
      height: 13,
    });
    expect(cramped).toHaveLength(13);
    expect(cramped.filter((line) => line.startsWith("…"))).toEqual([]);
  });

  it("gives JSON of the tracked collections with null for absent fields and no internal bookkeeping", () => {
    const document = snapshotDocument(state, parseTopDomains("calls,queues").sections, status, NOW);
    expect(Object.keys(document)).toEqual(["type", "time", "syncs", "calls", "queues", "channels"]);
    expect(document.calls).toEqual([expect.objectContaining({ linkedid: "1.1", endedAt: null })]);
    expect(document.queues).toEqual([expect.not.objectContaining({ counted: expect.anything() })]);
    expect((document.queues as { members: object }[])[0]?.members).toHaveProperty(
      "PJSIP/dave.pausedReason",
      "lunch",
    );
  });
});
