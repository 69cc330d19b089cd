import type { AmiPacket } from "@amikit/codec";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk, type FakeAsteriskOptions } from "../index.ts";
import { loggedInClient, type WireClient } from "../test-support/wire-client.ts";
import { TRANSCRIPT_QUEUES } from "./queue-config.ts";

let fake: FakeAsterisk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** The dialplan and queues of queue-call.jsonl (asterisk-22-config: extensions.conf, queues.conf). */
const RECORDED: FakeAsteriskOptions = {
  clock: "manual",
  channelvars: ["FOO", "IDX"],
  queues: TRANSCRIPT_QUEUES,
  dialplan: {
    test: {
      queue: [["Queue", "support,r"], ["Hangup"]],
      salesq: [["Queue", "sales,r,,,20"], ["Hangup"]],
    },
    agents: {
      agent1: [["Answer"], ["Wait", "3"], ["Hangup"]],
      agent2: [["Answer"], ["Wait", "3"], ["Hangup"]],
      agent3: [["Ringing"], ["Wait", "8"], ["Answer"], ["Wait", "2"], ["Hangup"]],
    },
  },
};

const events = (client: WireClient, name: string): AmiPacket[] =>
  client.packets.filter((packet) => packet.type === "event" && packet.name === name);

const eventNames = (client: WireClient): string[] =>
  client.packets.filter((packet) => packet.type === "event").map((packet) => packet.name as string);

async function originate(client: WireClient, exten: string, callerId: string, wait: string) {
  await client.action({
    Action: "Originate",
    ActionID: `orig-${exten}`,
    Channel: `Local/${exten}@test`,
    Async: "true",
    Application: "Wait",
    Data: wait,
    CallerID: callerId,
  });
}

/** Lets the fake run what is due without moving its clock (the transport and microtasks settle). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

async function listOf(client: WireClient, action: string, actionId: string, queue: string) {
  const before = client.packets.length;
  await client.action({ Action: action, ActionID: actionId, Queue: queue });
  const complete = `${action}Complete`;
  await client.until(() =>
    client.packets
      .slice(before)
      .some((packet) => packet.name === complete && packet.get("ActionID") === actionId),
  );
  return client.packets
    .slice(before)
    .filter((packet) => packet.get("ActionID") === actionId && packet.type === "event");
}

describe("Queue() in the fake, as queue-call.jsonl shows it", () => {
  it("ringall: the caller joins, every member is rung, the first to answer is bridged, the other cancelled", async () => {
    fake = createFakeAsterisk(RECORDED);
    const client = await loggedInClient(fake.transport());
    await originate(client, "queue", '"Queue Caller" <5001>', "5");
    await client.until(() => events(client, "AgentConnect").length === 1);

    const join = events(client, "QueueCallerJoin");
    expect(join.map((p) => [p.get("Channel"), p.get("Queue"), p.get("Position"), p.get("Count")])).toEqual([
      ["Local/queue@test-00000000;2", "support", "1", "1"],
    ]);
    expect(join[0]?.get("CallerIDNum")).toBe("5001");
    const called = events(client, "AgentCalled");
    // ringall rings the last listed member first (recorded: agent2, then agent1), and the first rung answers.
    expect(called.map((p) => p.get("MemberName"))).toEqual(["Agent Two", "Agent One"]);
    expect(called.every((p) => p.get("Channel") === "Local/queue@test-00000000;2")).toBe(true);
    const dialBegins = events(client, "DialBegin").filter((p) => p.get("Channel") !== undefined);
    expect(dialBegins.map((p) => p.get("DialString")).sort()).toEqual([
      "Local/agent1@agents/n",
      "Local/agent2@agents/n",
    ]);
    // Option r: the originated call's ;1 rings, then a DialState RINGING toward it once members ring.
    expect(
      events(client, "Newstate")
        .filter((p) => p.get("Channel") === "Local/queue@test-00000000;1")
        .map((p) => p.get("ChannelStateDesc")),
    ).toEqual(["Ringing", "Up"]);
    expect(events(client, "DialState").map((p) => `${p.get("DestChannel")} ${p.get("DialStatus")}`)).toEqual([
      "Local/queue@test-00000000;1 RINGING",
    ]);
    const connect = events(client, "AgentConnect")[0] as AmiPacket;
    expect(connect.get("MemberName")).toBe("Agent Two");
    const winner = connect.get("DestChannel") as string;
    const loser = called.map((p) => p.get("DestChannel")).find((channel) => channel !== winner);
    const dialEnds = events(client, "DialEnd").filter((p) => p.get("Channel") !== undefined);
    expect(dialEnds.map((p) => `${p.get("DestChannel")} ${p.get("DialStatus")}`)).toEqual([
      `${winner} ANSWER`,
      `${loser} CANCEL`,
      `${loser} CANCEL`,
    ]);
    // The loser's ;2 thread had not reached its first priority when it was cancelled: it shows that
    // priority's Newexten only after its HangupRequest, then hangs up still Ring; its ;1 never went up.
    await client.until(() => events(client, "Hangup").length === 2);
    expect(events(client, "Hangup").map((p) => [p.get("Channel"), p.get("Cause")])).toEqual([
      [loser?.replace(";2", ";1"), "26"],
      [loser?.replace(";1", ";2"), "26"],
    ]);
    const loserTwo = loser?.replace(";1", ";2");
    expect(
      client.packets
        .filter((p) => p.type === "event" && p.get("Channel") === loserTwo && p.name !== "VarSet")
        .map((p) => `${p.name} ${p.get("ChannelStateDesc")}`),
    ).toEqual([
      "Newchannel Ring",
      "NewCallerid Ring",
      "NewConnectedLine Ring",
      "HangupRequest Ring",
      "Newexten Ring",
      "SoftHangupRequest Ring",
      "Hangup Ring",
    ]);
    expect(
      events(client, "Newstate")
        .filter((p) => p.get("Channel") === loser)
        .map((p) => p.get("ChannelStateDesc")),
    ).toEqual([]);
    expect(connect.get("HoldTime")).toBe("0");
    const leave = events(client, "QueueCallerLeave");
    expect(leave.map((p) => [p.get("Position"), p.get("Count")])).toEqual([["1", "0"]]);
    // The recorded order around the answer.
    const names = eventNames(client);
    const order = ["QueueCallerLeave", "AgentConnect", "BridgeCreate", "BridgeEnter", "QueueMemberStatus"];
    expect(order.map((name) => names.indexOf(name))).toEqual(
      [...order.map((name) => names.indexOf(name))].sort((a, b) => a - b),
    );
    const inCall = events(client, "QueueMemberStatus");
    expect(
      inCall.map((p) => [p.get("Interface"), p.get("Status"), p.get("InCall"), p.get("CallsTaken")]),
    ).toEqual([[connect.get("Interface"), "2", "1", "0"]]);
    expect(
      events(client, "VarSet")
        .filter(
          (p) => p.get("Channel") === "Local/queue@test-00000000;2" && /^QUEUE/.test(p.get("Variable") ?? ""),
        )
        .map((p) => `${p.get("Variable")}=${p.get("Value")}`),
    ).toEqual(["QUEUEWAIT=", "QUEUEWAIT_MS=", "QUEUEPOSITION=1", "QUEUEWAIT=0", "QUEUEWAIT_MS=0"]);

    // The member's dialplan: Answer (0.5 s for media), Wait(3), Hangup.
    await fake.advanceTime(3.5);
    await client.until(() => events(client, "AgentComplete").length === 1);
    const complete = events(client, "AgentComplete")[0] as AmiPacket;
    expect([
      complete.get("DestChannel"),
      complete.get("HoldTime"),
      complete.get("TalkTime"),
      complete.get("Reason"),
    ]).toEqual([winner, "0", "3", "agent"]);
    await client.until(() => events(client, "QueueMemberStatus").length === 2);
    const after = events(client, "QueueMemberStatus")[1] as AmiPacket;
    expect([after.get("Status"), after.get("InCall"), after.get("CallsTaken")]).toEqual(["1", "0", "1"]);
    expect(Number(after.get("LastCall"))).toBeGreaterThan(1_700_000_000);
    // Queue() returns and the caller hangs up (no Newexten for the next priority, as recorded).
    await client.until(() => events(client, "Hangup").length === 6);
    await settle();
    expect(fake.channels).toHaveLength(0);
    expect(
      events(client, "Newexten").some((p) => p.get("Application") === "Hangup" && p.get("Exten") === "queue"),
    ).toBe(false);

    const status = await listOf(client, "QueueStatus", "qs", "support");
    const params = status.find((p) => p.name === "QueueParams") as AmiPacket;
    expect([
      params.get("Calls"),
      params.get("Completed"),
      params.get("TalkTime"),
      params.get("ServicelevelPerf"),
    ]).toEqual(["0", "1", "3", "100.0"]);
    const summary = await listOf(client, "QueueSummary", "sum", "support");
    expect(summary.find((p) => p.name === "QueueSummary")?.get("TalkTime")).toBe("3");
  });

  it("a waiting caller is listed (QueueEntry, Calls, Callers), rung out after the timeout, and abandons when it hangs up", async () => {
    fake = createFakeAsterisk(RECORDED);
    const client = await loggedInClient(fake.transport());
    await originate(client, "salesq", '"Patient" <5003>', "30");
    await client.until(() => events(client, "AgentCalled").length === 1);
    expect(events(client, "AgentCalled")[0]?.get("Interface")).toBe("Local/agent3@agents/n");
    // agent3's dialplan starts with Ringing(): its ;1 goes Ringing and the caller gets DialState RINGING.
    await client.until(() => events(client, "DialState").length === 2);
    expect(
      events(client, "DialState").map(
        (p) => `${p.get("Channel") ?? "-"} ${p.get("DestChannel")} ${p.get("DestChannelStateDesc")}`,
      ),
    ).toEqual([
      "- Local/salesq@test-00000000;1 Ringing",
      "Local/salesq@test-00000000;2 Local/agent3@agents-00000001;1 Ringing",
    ]);
    // Its ;1 ringing, the Local device reads INUSE (its ;2 runs): the member's status is 2 while it rings.
    const memberStates = () =>
      events(client, "QueueMemberStatus").map((p) => `${p.get("Status")} ${p.get("InCall")}`);
    const devices = (device: string) =>
      events(client, "DeviceStateChange")
        .filter((p) => p.get("Device") === device)
        .map((p) => p.get("State"));
    expect(memberStates()).toEqual(["2 0"]);
    expect(devices("Local/agent3@agents")).toEqual(["INUSE"]);

    await fake.advanceTime(1);
    const status = await listOf(client, "QueueStatus", "qs", "sales");
    expect(status.find((p) => p.name === "QueueParams")?.get("Calls")).toBe("1");
    expect(status.find((p) => p.name === "QueueMember")?.get("Status")).toBe("2");
    const entry = status.find((p) => p.name === "QueueEntry") as AmiPacket;
    expect([
      entry.get("Position"),
      entry.get("Channel"),
      entry.get("CallerIDNum"),
      entry.get("Wait"),
      entry.get("Priority"),
    ]).toEqual(["1", "Local/salesq@test-00000000;2", "5003", "1", "0"]);
    const summary = await listOf(client, "QueueSummary", "sum", "sales");
    expect(summary.find((p) => p.name === "QueueSummary")?.get("Callers")).toBe("1");

    // timeout = 4 in sales: the member rings out.
    await fake.advanceTime(3);
    await client.until(() => events(client, "AgentRingNoAnswer").length === 1);
    expect(events(client, "AgentRingNoAnswer")[0]?.get("RingTime")).toBe("4000");
    expect(events(client, "AgentRingNoAnswer")[0]?.get("DestChannelStateDesc")).toBe("Ringing");
    expect(
      events(client, "DialEnd")
        .filter((p) => p.get("Channel") !== undefined)
        .map((p) => p.get("DialStatus")),
    ).toEqual(["NOANSWER", "CANCEL"]);
    await client.until(() => events(client, "Hangup").length === 2);
    // Rung out: NOT_INUSE again; Queue:sales_avail, INUSE since the queue was created, now changes.
    expect(memberStates()).toEqual(["2 0", "1 0"]);
    expect(devices("Local/agent3@agents")).toEqual(["INUSE", "NOT_INUSE", "NOT_INUSE"]);
    expect(devices("Queue:sales_avail")).toEqual(["NOT_INUSE"]);

    await client.action({ Action: "Hangup", ActionID: "h", Channel: "Local/salesq@test-00000000;2" });
    await client.until(() => events(client, "QueueCallerAbandon").length === 1);
    const abandon = events(client, "QueueCallerAbandon")[0] as AmiPacket;
    expect([
      abandon.get("Queue"),
      abandon.get("Position"),
      abandon.get("OriginalPosition"),
      abandon.get("HoldTime"),
    ]).toEqual(["sales", "1", "1", "4"]);
    const names = eventNames(client);
    expect(names.indexOf("QueueCallerAbandon")).toBeLessThan(names.indexOf("QueueCallerLeave"));
    expect(names.indexOf("QueueCallerLeave")).toBeLessThan(
      names.indexOf("SoftHangupRequest", names.indexOf("QueueCallerLeave")),
    );
    expect(
      events(client, "VarSet")
        .filter((p) => p.get("Variable") === "ABANDONED")
        .map((p) => p.get("Value")),
    ).toEqual(["TRUE"]);
    await settle();
    // The Originate, still ringing, fails: DialEnd NOANSWER toward its ;1, OriginateResponse Reason 0.
    expect(
      events(client, "DialEnd")
        .filter((p) => p.get("Channel") === undefined)
        .map((p) => `${p.get("DestChannel")} ${p.get("DialStatus")}`),
    ).toEqual(["Local/salesq@test-00000000;1 NOANSWER"]);
    expect(events(client, "OriginateResponse").map((p) => `${p.get("Response")} ${p.get("Reason")}`)).toEqual(
      ["Failure 0"],
    );
    const after = await listOf(client, "QueueStatus", "qs2", "sales");
    const params = after.find((p) => p.name === "QueueParams") as AmiPacket;
    expect([params.get("Calls"), params.get("Abandoned"), params.get("Completed")]).toEqual(["0", "1", "0"]);
    expect(after.some((p) => p.name === "QueueEntry")).toBe(false);
  });

  it("rrmemory rings one member per try, the next one after the member rung last", async () => {
    fake = createFakeAsterisk({
      clock: "manual",
      queues: {
        rr: {
          strategy: "rrmemory",
          timeout: 2,
          retry: 1,
          members: [{ interface: "Local/a@agents/n" }, { interface: "Local/b@agents/n" }],
        },
      },
      dialplan: {
        test: { rr: [["Queue", "rr"]] },
        agents: { a: [["Wait", "10"]], b: [["Wait", "10"]] },
      },
    });
    const client = await loggedInClient(fake.transport());
    await originate(client, "rr", '"Caller" <100>', "5");
    await client.until(() => events(client, "AgentCalled").length === 1);
    await settle();
    expect(events(client, "AgentCalled").map((p) => p.get("Interface"))).toEqual(["Local/a@agents/n"]);
    await fake.advanceTime(2);
    await client.until(() => events(client, "AgentRingNoAnswer").length === 1);
    await fake.advanceTime(1);
    await client.until(() => events(client, "AgentCalled").length === 2);
    await fake.advanceTime(2);
    await client.until(() => events(client, "AgentRingNoAnswer").length === 2);
    await fake.advanceTime(1);
    await client.until(() => events(client, "AgentCalled").length === 3);
    expect(events(client, "AgentCalled").map((p) => p.get("Interface"))).toEqual([
      "Local/a@agents/n",
      "Local/b@agents/n",
      "Local/a@agents/n",
    ]);
    expect(events(client, "AgentRingNoAnswer").map((p) => p.get("RingTime"))).toEqual(["2000", "2000"]);
  });

  it("ends the member's call with AgentComplete Reason caller when the caller hangs up first", async () => {
    fake = createFakeAsterisk({
      ...RECORDED,
      dialplan: {
        test: { queue: [["Queue", "support"], ["Hangup"]] },
        agents: { agent1: [["Answer"], ["Wait", "10"]], agent2: [["Answer"], ["Wait", "10"]] },
      },
    });
    const client = await loggedInClient(fake.transport());
    await originate(client, "queue", '"Queue Caller" <5001>', "2");
    await client.until(() => events(client, "AgentConnect").length === 1);
    // Without option r the caller's ;1 does not ring.
    expect(events(client, "DialState")).toHaveLength(0);
    await fake.advanceTime(2);
    await client.until(() => events(client, "AgentComplete").length === 1);
    const complete = events(client, "AgentComplete")[0] as AmiPacket;
    expect([complete.get("Reason"), complete.get("TalkTime")]).toEqual(["caller", "2"]);
    await client.until(() => events(client, "QueueMemberStatus").length === 2);
    await settle();
    expect(fake.channels).toHaveLength(0);
    const status = await listOf(client, "QueueStatus", "qs", "support");
    expect(status.find((p) => p.name === "QueueParams")?.get("Completed")).toBe("1");
  });

  it("averages hold time as recalc_holdtime does from the first call on ((3 × 0 + 4) >> 2 = 1), talk time as is", async () => {
    fake = createFakeAsterisk({
      ...RECORDED,
      dialplan: {
        test: { queue: [["Queue", "support"], ["Hangup"]] },
        agents: {
          agent1: [["Ringing"], ["Wait", "4"], ["Answer"], ["Wait", "2"], ["Hangup"]],
          agent2: [["Ringing"], ["Wait", "9"]],
        },
      },
    });
    const client = await loggedInClient(fake.transport());
    await originate(client, "queue", '"Queue Caller" <5001>', "30");
    await client.until(() => events(client, "AgentCalled").length === 2);
    await fake.advanceTime(4);
    await client.until(() => events(client, "AgentConnect").length === 1);
    expect(events(client, "AgentConnect")[0]?.get("HoldTime")).toBe("4");
    // Answer takes 0.5 s (media), then Wait(2).
    await fake.advanceTime(2.5);
    await client.until(() => events(client, "AgentComplete").length === 1);
    const params = (await listOf(client, "QueueStatus", "qs", "support")).find(
      (p) => p.name === "QueueParams",
    );
    expect([params?.get("Holdtime"), params?.get("TalkTime"), params?.get("Completed")]).toEqual([
      "1",
      "2",
      "1",
    ]);
  });

  it("sends no QueueMemberStatus for a member removed while in a call, whose call goes on to AgentComplete", async () => {
    fake = createFakeAsterisk({
      clock: "manual",
      queues: { q: { timeout: 5, retry: 1 } },
      dialplan: {
        test: { queue: [["Queue", "q"], ["Hangup"]] },
        agents: { dyn: [["Answer"], ["Wait", "4"], ["Hangup"]] },
      },
    });
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "QueueAdd", ActionID: "add", Queue: "q", Interface: "Local/dyn@agents/n" });
    await originate(client, "queue", '"Caller" <100>', "30");
    await client.until(() => events(client, "AgentConnect").length === 1);
    await client.until(() => events(client, "QueueMemberStatus").length === 1);
    await client.action({
      Action: "QueueRemove",
      ActionID: "rm",
      Queue: "q",
      Interface: "Local/dyn@agents/n",
    });
    await fake.advanceTime(5);
    await client.until(() => events(client, "AgentComplete").length === 1);
    await client.until(() => fake?.channels.length === 0);
    await settle();
    expect(events(client, "AgentComplete")[0]?.get("Reason")).toBe("agent");
    expect(events(client, "QueueMemberStatus").map((p) => p.get("InCall"))).toEqual(["1"]);
    const status = await listOf(client, "QueueStatus", "qs", "q");
    expect(status.filter((p) => p.name === "QueueMember")).toEqual([]);
    expect(status.find((p) => p.name === "QueueParams")?.get("Completed")).toBe("1");
  });

  it("leaves a queue nobody configured with QUEUESTATUS=UNKNOWN and goes on with the dialplan", async () => {
    fake = createFakeAsterisk({
      clock: "manual",
      dialplan: {
        test: {
          q: [
            ["Queue", "nosuch"],
            ["UserEvent", "after"],
          ],
        },
      },
    });
    const client = await loggedInClient(fake.transport());
    await originate(client, "q", '"Caller" <100>', "1");
    await client.until(() => events(client, "UserEvent").length === 1);
    expect(
      events(client, "VarSet")
        .filter((p) => p.get("Variable") === "QUEUESTATUS")
        .map((p) => p.get("Value")),
    ).toEqual(["UNKNOWN"]);
    expect(events(client, "QueueCallerJoin")).toHaveLength(0);
  });
});
