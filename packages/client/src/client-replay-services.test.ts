// The client against the recorded services: call queues, a ConfBridge conference, device, extension and
// presence states. Each replay checks every header the client sends; where the recorder pipelined
// actions, the client pipelines them too (the answers follow the last one).
import { describe, expect, it } from "vitest";
import type { AmiActionError } from "./errors.ts";
import { collect, until } from "./test-support/harness.ts";
import { replay, replayClient, scenarios, serviceTranscripts } from "./test-support/replay.ts";

const { covered, scenario } = scenarios();

const messageOf = (error: unknown): string => (error as AmiActionError).message;

describe("replays of the recorded services", () => {
  scenario("queue-call", async () => {
    const server = replay("queue-call");
    const client = replayClient(server);
    const callers = collect(client.on("QueueCallerJoin", "QueueCallerLeave", "QueueCallerAbandon"));
    const agents = collect(client.on("AgentCalled", "AgentConnect", "AgentComplete", "AgentRingNoAnswer"));
    const members = collect(
      client.on("QueueMemberAdded", "QueueMemberPause", "QueueMemberPenalty", "QueueMemberRemoved"),
    );
    const outcomes = collect(client.on("OriginateResponse"));
    await client.connect();

    const before = await client.list("QueueStatus", { Queue: "support" });
    expect(before.events.map((e) => e.Event)).toEqual(["QueueParams", "QueueMember", "QueueMember"]);
    expect(before.complete?.ListItems).toBe("3");
    // QueueStatus items say Name and Location, where the QueueMember* events say MemberName and Interface.
    const named = before.events.filter((e) => e.Event === "QueueMember");
    expect(named.map((m) => [m.Name, m.Location, m.Status, m.Paused])).toEqual([
      ["Agent One", "Local/agent1@agents/n", "1", "0"],
      ["Agent Two", "Local/agent2@agents/n", "1", "0"],
    ]);

    // A caller rings both agents of `support` (ringall); Agent Two answers.
    await client.action("Originate", {
      Channel: "Local/queue@test",
      Async: "true",
      Application: "Wait",
      Data: "5",
      CallerID: '"Queue Caller" <5001>',
      Timeout: "30000",
      Variable: "IDX=q1",
    });
    await until(() => agents.some((a) => a.Event === "AgentConnect"), "AgentConnect");
    // The caller leaves the queue before the agent connects.
    expect(callers.map((c) => [c.Event, c.Queue, "Count" in c ? c.Count : undefined])).toEqual([
      ["QueueCallerJoin", "support", "1"],
      ["QueueCallerLeave", "support", "0"],
    ]);
    expect(agents.map((a) => [a.Event, a.MemberName])).toEqual([
      ["AgentCalled", "Agent Two"],
      ["AgentCalled", "Agent One"],
      ["AgentConnect", "Agent Two"],
    ]);
    expect(outcomes[0]).toMatchObject({ Response: "Success", Channel: "Local/queue@test-00000005;1" });

    const [support, supportSummary, all, allSummary] = await Promise.all([
      client.list("QueueStatus", { Queue: "support" }),
      client.list("QueueSummary", { Queue: "support" }),
      client.list("QueueStatus"),
      client.list("QueueSummary"),
    ]);
    expect(support.events.filter((e) => e.Event === "QueueMember").map((m) => m.Status)).toEqual(["1", "2"]);
    expect(supportSummary.events).toEqual([
      {
        Event: "QueueSummary",
        Queue: "support",
        LoggedIn: "2",
        Available: "1",
        Callers: "0",
        HoldTime: "0",
        TalkTime: "0",
        LongestHoldTime: "0",
        ActionID: supportSummary.response.ActionID,
      },
    ]);
    expect(all.events.filter((e) => e.Event === "QueueParams").map((p) => p.Queue)).toEqual([
      "support",
      "sales",
    ]);
    expect(all.complete?.ListItems).toBe("5");
    expect(allSummary.events.map((s) => [s.Queue, s.Available])).toEqual([
      ["support", "1"],
      ["sales", "1"],
    ]);
    await until(() => agents.length === 4, "AgentComplete");
    expect(agents[3]).toMatchObject({
      Event: "AgentComplete",
      MemberName: "Agent Two",
      TalkTime: "4",
      Reason: "agent",
    });

    // A temporary member: added, paused with a reason, listed, unpaused, re-weighted, paused everywhere.
    const agent9 = "Local/agent9@agents/n";
    const added = await client.action("QueueAdd", {
      Queue: "support",
      Interface: agent9,
      MemberName: "Temp Agent",
      Penalty: "1",
      Paused: "false",
      StateInterface: "Custom:agent9",
    });
    expect(added.Message).toBe("Added interface to queue");
    await client.action("QueuePause", {
      Queue: "support",
      Interface: agent9,
      Paused: "true",
      Reason: "lunch break",
    });
    const one = await client.list("QueueStatus", { Queue: "support", Member: agent9 });
    const temp = one.events.find((e) => e.Event === "QueueMember");
    expect([temp?.Name, temp?.Paused, temp?.PausedReason]).toEqual(["Temp Agent", "1", "lunch break"]);
    await client.action("QueuePause", { Queue: "support", Interface: agent9, Paused: "false" });
    await client.action("QueuePenalty", { Queue: "support", Interface: agent9, Penalty: "3" });
    await client.action("QueuePause", { Interface: agent9, Paused: "true", Reason: "all queues" });
    const [removed, notThere, noQueue] = await Promise.all([
      client.action("QueueRemove", { Queue: "support", Interface: agent9 }),
      client.action("QueueRemove", { Queue: "support", Interface: agent9 }).catch((e: unknown) => e),
      client.action("QueueAdd", { Queue: "nosuchqueue", Interface: agent9 }).catch((e: unknown) => e),
    ]);
    expect(removed.Message).toBe("Removed interface from queue");
    expect(messageOf(notThere)).toBe("Unable to remove interface: Not there");
    expect(messageOf(noQueue)).toBe("Unable to add interface to queue: No such queue");
    await until(() => members.length === 6, "the six QueueMember* events");
    expect(
      members.map((m) => [m.Event, m.MemberName, m.Interface, m.Penalty, m.Paused, m.PausedReason]),
    ).toEqual([
      ["QueueMemberAdded", "Temp Agent", agent9, "1", "0", ""],
      ["QueueMemberPause", "Temp Agent", agent9, "1", "1", "lunch break"],
      ["QueueMemberPause", "Temp Agent", agent9, "1", "0", ""],
      ["QueueMemberPenalty", "Temp Agent", agent9, "3", "0", ""],
      ["QueueMemberPause", "Temp Agent", agent9, "3", "1", "all queues"],
      ["QueueMemberRemoved", "Temp Agent", agent9, "3", "1", "all queues"],
    ]);

    // `sales` never answers: the first caller waits (a QueueEntry) and hangs up, the second gives up
    // after the agent's ring timeout. Each Originate then reports Failure, Reason 0.
    const salesCall = (n: number, name: string) =>
      client.action("Originate", {
        Channel: "Local/salesq@test",
        Async: "true",
        Application: "Wait",
        Data: "30",
        CallerID: `"${name}" <500${n}>`,
        Timeout: "60000",
        Variable: `IDX=q${n}`,
      });
    const impatient = await salesCall(2, "Impatient");
    const [waiting, waitingSummary] = await Promise.all([
      client.list("QueueStatus", { Queue: "sales" }),
      client.list("QueueSummary", { Queue: "sales" }),
    ]);
    expect(waiting.events.map((e) => e.Event)).toEqual(["QueueParams", "QueueMember", "QueueEntry"]);
    const entry = waiting.events.find((e) => e.Event === "QueueEntry");
    expect([entry?.Position, entry?.Channel, entry?.CallerIDName]).toEqual([
      "1",
      "Local/salesq@test-00000008;2",
      "Impatient",
    ]);
    expect(waitingSummary.events.map((s) => [s.Callers, s.Available])).toEqual([["1", "0"]]);
    await client.action("Hangup", { Channel: "Local/salesq@test-00000008;2" });
    const patient = await salesCall(3, "Patient");
    await until(() => agents.some((a) => a.Event === "AgentRingNoAnswer"), "AgentRingNoAnswer");
    await client.action("Hangup", { Channel: "Local/salesq@test-0000000a;2" });
    await until(() => outcomes.length === 3, "both sales OriginateResponses");
    expect(outcomes.slice(1).map((o) => [o.ActionID, o.Response, o.Reason, o.Uniqueid])).toEqual([
      [impatient.ActionID, "Failure", "0", "<unknown>"],
      [patient.ActionID, "Failure", "0", "<unknown>"],
    ]);
    // An abandoning caller is reported abandoned before it leaves.
    expect(callers.slice(2).map((c) => [c.Event, c.CallerIDName])).toEqual([
      ["QueueCallerJoin", "Impatient"],
      ["QueueCallerAbandon", "Impatient"],
      ["QueueCallerLeave", "Impatient"],
      ["QueueCallerJoin", "Patient"],
      ["QueueCallerAbandon", "Patient"],
      ["QueueCallerLeave", "Patient"],
    ]);
    const last = await client.list("QueueSummary");
    expect(last.events.map((s) => [s.Queue, s.TalkTime])).toEqual([
      ["support", "4"],
      ["sales", "0"],
    ]);
    expect(server.mismatches).toEqual([]);
    expect(server.completed).toBe(true);
  });

  scenario("conference", async () => {
    const server = replay("conference");
    const client = replayClient(server);
    const conference = collect(
      client.on(
        "ConfbridgeStart",
        "ConfbridgeJoin",
        "ConfbridgeMute",
        "ConfbridgeUnmute",
        "ConfbridgeLeave",
        "ConfbridgeEnd",
      ),
    );
    await client.connect();
    for (const [n, name] of ["Ann", "Bob", "Cid"].entries()) {
      await client.action("Originate", {
        Channel: "Local/conf@test",
        Async: "true",
        Application: "Wait",
        Data: "30",
        CallerID: `"${name}" <300${n + 1}>`,
        Variable: `IDX=c${n + 1}`,
      });
    }
    await until(() => conference.length === 4, "ConfbridgeStart and three joins");
    // ConfbridgeStart follows the first join into the bridge; a hidden announcer is counted as a channel.
    expect(conference.map((c) => [c.Event, c.BridgeNumChannels])).toEqual([
      ["ConfbridgeStart", "1"],
      ["ConfbridgeJoin", "2"],
      ["ConfbridgeJoin", "3"],
      ["ConfbridgeJoin", "4"],
    ]);

    const [rooms, users, noRoom, bridges] = await Promise.all([
      client.list("ConfbridgeListRooms"),
      client.list("ConfbridgeList", { Conference: "room1" }),
      client.list("ConfbridgeList", { Conference: "noroom" }).catch((e: unknown) => e),
      client.list("BridgeList"),
    ]);
    expect(rooms.events.map((r) => [r.Conference, r.Parties, r.Locked, r.Muted])).toEqual([
      ["room1", "3", "No", "No"],
    ]);
    expect(users.events.map((u) => [u.CallerIDName, u.Admin, u.Muted, u.EndMarkedAny])).toEqual([
      ["Ann", "No", "No", "No"],
      ["Bob", "No", "No", "No"],
      ["Cid", "No", "No", "No"],
    ]);
    expect(users.complete?.ListItems).toBe("3");
    expect(messageOf(noRoom)).toBe("No Conference by that name found.");
    expect(
      bridges.events.map((b) => [b.BridgeTechnology, b.BridgeCreator, b.BridgeName, b.BridgeNumChannels]),
    ).toEqual([["softmix", "ConfBridge", "room1", "4"]]);

    const bob = { Conference: "room1", Channel: "Local/conf@test-0000000d;2" };
    const answers = [
      await client.action("ConfbridgeMute", bob),
      await client.action("ConfbridgeUnmute", bob),
      await client.action("ConfbridgeLock", { Conference: "room1" }),
      await client.action("ConfbridgeUnlock", { Conference: "room1" }),
      await client.action("ConfbridgeKick", { Conference: "room1", Channel: "Local/conf@test-0000000c;2" }),
    ];
    expect(answers.map((a) => a.Message)).toEqual([
      "User muted",
      "User unmuted",
      "Conference locked",
      "Conference unlocked",
      "User kicked",
    ]);
    const left = await client.list("ConfbridgeList", { Conference: "room1" });
    expect(left.events.map((u) => u.CallerIDName)).toEqual(["Bob", "Cid"]);
    await client.action("Hangup", { Channel: "Local/conf@test-0000000d;2" });
    await client.action("Hangup", { Channel: "Local/conf@test-0000000f;2" });
    const empty = await client.list("ConfbridgeListRooms").catch((e: unknown) => e);
    expect(messageOf(empty)).toBe("No active conferences.");
    expect(
      conference.slice(4).map((c) => [c.Event, "CallerIDName" in c ? c.CallerIDName : undefined]),
    ).toEqual([
      ["ConfbridgeMute", "Bob"],
      ["ConfbridgeUnmute", "Bob"],
      ["ConfbridgeLeave", "Ann"],
      ["ConfbridgeLeave", "Bob"],
      ["ConfbridgeLeave", "Cid"],
      ["ConfbridgeEnd", undefined],
    ]);
    expect(server.mismatches).toEqual([]);
    expect(server.completed).toBe(true);
  });

  scenario("device-state", async () => {
    const server = replay("device-state");
    const client = replayClient(server);
    const devices = collect(client.on("DeviceStateChange"));
    const hints = collect(client.on("ExtensionStatus"));
    const presence = collect(client.on("PresenceStateChange"));
    await client.connect();

    const [deviceList, hintList] = await Promise.all([
      client.list("DeviceStateList"),
      client.list("ExtensionStateList"),
    ]);
    // The items reuse the event names, without Privilege; none of them reaches the event subscribers.
    expect(deviceList.events).toHaveLength(11);
    expect(deviceList.complete?.ListItems).toBe("11");
    expect(deviceList.events.every((d) => d.Event === "DeviceStateChange" && d.Privilege === undefined)).toBe(
      true,
    );
    expect(deviceList.events.find((d) => d.Device === "confbridge:room1")?.State).toBe("NOT_INUSE");
    expect(hintList.events.map((h) => [h.Exten, h.Hint, h.StatusText])).toEqual([
      ["lamp", "Custom:lamp1", "Idle"],
      ["desk", "Custom:lamp1&Custom:lamp2,CustomPresence:desk", "Idle"],
    ]);
    expect(devices).toHaveLength(0);
    expect(hints).toHaveLength(0);

    // The `lamp` extension walks Custom:lamp1 through several states; each raises both events.
    await client.action("Originate", {
      Channel: "Local/lamp@test",
      Async: "true",
      Application: "Wait",
      Data: "3",
    });
    const lamp1 = () => devices.filter((d) => d.Device === "Custom:lamp1");
    await until(() => hints.length === 11 && lamp1().length === 6, "the lamp's state changes");
    expect(lamp1().map((d) => d.State)).toEqual([
      "INUSE",
      "RINGING",
      "ONHOLD",
      "BUSY",
      "UNAVAILABLE",
      "NOT_INUSE",
    ]);
    expect(devices.every((d) => d.Privilege === "call,all")).toBe(true);

    const [, , idle] = await Promise.all([
      client.list("DeviceStateList"),
      client.list("ExtensionStateList"),
      client.action("ExtensionState", { Exten: "lamp", Context: "test" }),
    ]);
    expect([idle.Hint, idle.Status, idle.StatusText]).toEqual(["Custom:lamp1", "0", "Idle"]);
    await client.action("Setvar", { Variable: "DEVICE_STATE(Custom:lamp1)", Value: "INUSE" });
    const [busy, value] = await Promise.all([
      client.action("ExtensionState", { Exten: "lamp", Context: "test" }),
      client.action("Getvar", { Variable: "DEVICE_STATE(Custom:lamp1)" }),
    ]);
    expect([busy.Status, busy.StatusText, value.Value]).toEqual(["1", "InUse", "INUSE"]);
    await client.action("Setvar", { Variable: "DEVICE_STATE(Custom:lamp1)", Value: "NOT_INUSE" });

    // `desk` sets its custom presence; the hint combines two devices and the presence provider.
    await client.action("Originate", {
      Channel: "Local/desk@test",
      Async: "true",
      Application: "Wait",
      Data: "2",
    });
    const [state, presenceList, desk, nosuch] = await Promise.all([
      client.action("PresenceState", { Provider: "CustomPresence:desk" }),
      client.list("PresenceStateList"),
      client.action("ExtensionState", { Exten: "desk", Context: "test" }),
      client.action("ExtensionState", { Exten: "nosuch", Context: "test" }),
    ]);
    // The presence message comes twice: as a second Message header and as PresenceMessage.
    expect(state).toMatchObject({
      Message: ["Presence State", "back at two"],
      State: "away",
      Subtype: "Lunch",
      PresenceMessage: "back at two",
    });
    expect(presenceList.events.map((p) => [p.Presentity, p.Status, p.Subtype, p.Message])).toEqual([
      ["CustomPresence:desk", "away", "Lunch", "back at two"],
    ]);
    expect([desk.StatusText, nosuch.Hint, nosuch.Status, nosuch.StatusText]).toEqual([
      "InUse",
      "",
      "-1",
      "Unknown",
    ]);
    await until(() => presence.length === 2, "both PresenceStateChange events");
    expect(presence.map((p) => p.Status)).toEqual(["away", "available"]);

    const final = await client.list("DeviceStateList");
    expect(final.complete?.ListItems).toBe("11");
    expect(server.mismatches).toEqual([]);
    expect(server.completed).toBe(true);
  });

  it("replays exactly its share of the transcripts", () => {
    expect([...covered].sort()).toEqual([...serviceTranscripts].sort());
  });
});
