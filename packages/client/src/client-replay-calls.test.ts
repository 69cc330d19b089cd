// The client against the recorded calls that live in bridges: a two-party bridge, a Local chain optimising
// away, blind and attended transfers, hold, parking. Each replay checks every header the client sends;
// where the recorder pipelined actions, the client pipelines them too (the answers follow the last one).
import { describe, expect, it } from "vitest";
import { AmiActionError } from "./errors.ts";
import { collect, until } from "./test-support/harness.ts";
import { callTranscripts, replay, replayClient, scenarios } from "./test-support/replay.ts";

const { covered, scenario } = scenarios();

describe("replays of the recorded bridged calls", () => {
  scenario("bridge-two-party", async () => {
    const server = replay("bridge-two-party");
    const client = replayClient(server);
    const events = collect(client.events$);
    const bridge = collect(client.on("BridgeCreate", "BridgeEnter", "BridgeLeave", "BridgeDestroy"));
    const dials = collect(client.on("DialBegin"));
    const outcomes = collect(client.on("OriginateResponse"));
    await client.connect();
    const queued = await client.action("Originate", {
      Channel: "Local/bridge@test",
      Async: "true",
      Application: "Wait",
      Data: "6",
      CallerID: '"Alice" <1001>',
      Variable: ["FOO=two-party", "IDX=1"],
    });
    expect(queued.Message).toBe("Originate successfully queued");
    await until(() => bridge.length === 3, "BridgeCreate and both BridgeEnters");
    // The OriginateResponse names its channel inside its ChanVariable header names (manager.conf channelvars).
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ ActionID: queued.ActionID, Response: "Success", Reason: "4" });
    expect(outcomes[0]?.["ChanVariable(Local/bridge@test-00000000;1)"]).toEqual(["FOO=two-party", "IDX=1"]);
    // The Originate's own dial has no calling channel, so only the Dest* half is there.
    expect(dials.map((d) => [d.Channel, d.DestChannel])).toEqual([
      [undefined, "Local/bridge@test-00000000;1"],
      ["Local/bridge@test-00000000;2", "Local/talk@test-00000001;1"],
    ]);

    const bridgeId = bridge[0]?.BridgeUniqueid ?? "";
    const [channels, bridges, info, status, basic, simple, missing] = await Promise.all([
      client.list("CoreShowChannels"),
      client.list("BridgeList"),
      client.list("BridgeInfo", { BridgeUniqueid: bridgeId }),
      client.list("Status"),
      client.list("BridgeList", { BridgeType: "basic" }),
      client.list("BridgeList", { BridgeType: "simple_bridge" }),
      client
        .list("BridgeInfo", { BridgeUniqueid: "00000000-0000-0000-0000-000000000000" })
        .catch((e: unknown) => e),
    ]);
    expect(channels.events.map((c) => c.BridgeId)).toEqual(["", bridgeId, bridgeId, ""]);
    expect(channels.complete?.ListItems).toBe("4");
    expect(bridges.events).toHaveLength(1);
    expect(bridges.events[0]).toMatchObject({
      BridgeUniqueid: bridgeId,
      BridgeType: "basic",
      BridgeTechnology: "simple_bridge",
      BridgeNumChannels: "2",
    });
    expect(info.events.map((c) => c.Channel)).toEqual([
      "Local/bridge@test-00000000;2",
      "Local/talk@test-00000001;1",
    ]);
    // BridgeInfoComplete closes the list and carries the bridge itself.
    expect(info.complete).toMatchObject({ ListItems: "2", BridgeUniqueid: bridgeId, BridgeNumChannels: "2" });
    // Status spells the bridge header BridgeID where CoreShowChannel says BridgeId.
    expect(status.events.map((s) => s.BridgeID)).toEqual(["", bridgeId, bridgeId, ""]);
    expect(status.complete).toMatchObject({ ListItems: "4", Items: "4" });
    // The BridgeType filter is compared with the technology, not the type.
    expect([basic.events.length, basic.complete?.ListItems]).toEqual([0, "0"]);
    expect(simple.events.map((b) => b.BridgeUniqueid)).toEqual([bridgeId]);
    expect(missing).toBeInstanceOf(AmiActionError);
    expect((missing as AmiActionError).message).toBe("Specified BridgeUniqueid not found");

    const after = await client.list("BridgeList");
    expect([after.events.length, after.complete?.ListItems]).toEqual([0, "0"]);
    expect(bridge.map((b) => [b.Event, b.BridgeNumChannels])).toEqual([
      ["BridgeCreate", "0"],
      ["BridgeEnter", "1"],
      ["BridgeEnter", "2"],
      ["BridgeLeave", "1"],
      ["BridgeLeave", "0"],
      ["BridgeDestroy", "0"],
    ]);
    const listItems = ["CoreShowChannel", "BridgeListItem", "BridgeInfoChannel", "Status"];
    expect(events.filter((e) => listItems.includes(String(e.Event)))).toEqual([]);
    expect(server.mismatches).toEqual([]);
    expect(server.completed).toBe(true);
  });

  scenario("local-optimization", async () => {
    const server = replay("local-optimization");
    const client = replayClient(server);
    const optimization = collect(client.on("LocalOptimizationBegin", "LocalOptimizationEnd"));
    const bridges = collect(client.on("BridgeCreate", "BridgeDestroy"));
    await client.connect();
    await client.action("Originate", {
      Channel: "Local/chain@test",
      Async: "true",
      Application: "Wait",
      Data: "6",
      CallerID: '"Chain" <1002>',
    });
    await until(() => optimization.length === 2, "LocalOptimizationBegin and End");
    const [begin, end] = optimization;
    expect(begin).toMatchObject({
      Event: "LocalOptimizationBegin",
      LocalOneChannel: "Local/mid@test-00000003;1",
      LocalTwoChannel: "Local/mid@test-00000003;2",
      SourceChannel: "Local/tone@test-00000004;1",
      Id: "0",
    });
    expect(end).toMatchObject({ Event: "LocalOptimizationEnd", Id: begin?.Id, Success: "No" });

    const [channels, list] = await Promise.all([client.list("CoreShowChannels"), client.list("BridgeList")]);
    // The Local/mid pair is gone: the two outer halves share the one bridge that is left.
    expect(channels.events.map((c) => c.Channel)).toEqual([
      "Local/tone@test-00000004;2",
      "Local/tone@test-00000004;1",
      "Local/chain@test-00000002;1",
      "Local/chain@test-00000002;2",
    ]);
    const survivor = list.events[0]?.BridgeUniqueid;
    expect(list.events.map((b) => b.BridgeNumChannels)).toEqual(["2"]);
    expect(channels.events.filter((c) => c.BridgeId === survivor)).toHaveLength(2);
    await until(() => bridges.length === 4, "both bridges destroyed");
    expect(bridges.map((b) => b.Event)).toEqual([
      "BridgeCreate",
      "BridgeCreate",
      "BridgeDestroy",
      "BridgeDestroy",
    ]);
    expect(bridges[3]?.BridgeUniqueid).toBe(survivor);
    expect(server.mismatches).toEqual([]);
  });

  scenario("blind-transfer", async () => {
    const server = replay("blind-transfer");
    const client = replayClient(server);
    const transfers = collect(client.on("BlindTransfer"));
    const holds = collect(client.on("Hold", "Unhold"));
    const userEvents = collect(client.on("UserEvent"));
    await client.connect();
    await client.action("Originate", {
      Channel: "Local/xfer@test",
      Async: "true",
      Application: "Wait",
      Data: "20",
      CallerID: '"Xfer" <4001>',
      Variable: "FOO=blind",
    });
    const moved = await client.action("BlindTransfer", {
      Channel: "Local/xfer@test-00000010;2",
      Context: "test",
      Exten: "wait",
    });
    expect(moved.Message).toBe("Transfer succeeded");
    await until(() => transfers.length === 1 && userEvents.length === 1, "BlindTransfer, then the UserEvent");
    expect(transfers[0]).toMatchObject({
      Result: "Success",
      TransfererChannel: "Local/xfer@test-00000010;2",
      TransfereeChannel: "Local/longtalk@test-00000011;1",
      IsExternal: "Yes",
      Context: "test",
      Extension: "wait",
    });
    expect(transfers[0]?.BridgeUniqueid).toMatch(/^[0-9a-f-]{36}$/);
    // The transferee ran the `wait` extension, whose UserEvent names it.
    expect(userEvents[0]).toMatchObject({ UserEvent: "TestUser", Channel: "Local/longtalk@test-00000011;1" });
    // Blind transfer takes the transferee off hold without ever having raised a Hold.
    expect(holds.map((h) => h.Event)).toEqual(["Unhold"]);

    const [channels, again] = await Promise.all([
      client.list("CoreShowChannels"),
      client
        .action("BlindTransfer", { Channel: "Local/none@test-00000000;1", Context: "test", Exten: "wait" })
        .catch((e: unknown) => e),
    ]);
    expect(channels.events.map((c) => [c.Channel, c.Application])).toEqual([
      ["Local/longtalk@test-00000011;2", "Wait"],
      ["Local/longtalk@test-00000011;1", "Wait"],
    ]);
    expect((again as AmiActionError).message).toBe("Channel specified does not exist");
    expect(server.mismatches).toEqual([]);
    expect(server.completed).toBe(true);
  });

  scenario("attended-transfer", async () => {
    const server = replay("attended-transfer");
    const client = replayClient(server);
    const transfers = collect(client.on("AttendedTransfer"));
    const merges = collect(client.on("BridgeMerge"));
    const holds = collect(client.on("Hold", "Unhold"));
    const dtmf = collect(client.on("DTMFEnd"));
    await client.connect();
    await client.action("Originate", {
      Channel: "Local/xfer@test",
      Async: "true",
      Application: "Wait",
      Data: "20",
      CallerID: '"Xfer" <4002>',
      Variable: "FOO=attended",
    });
    const atxfer = await client.action("Atxfer", {
      Channel: "Local/xfer@test-00000012;2",
      Context: "test",
      Exten: "600",
    });
    expect(atxfer.Message).toBe("Atxfer successfully queued");
    // Atxfer queues the feature code and the extension as DTMF: *2, then 600.
    await until(() => dtmf.length === 5, "five DTMFEnd events");
    expect(dtmf.map((d) => d.Digit).join("")).toBe("*2600");
    expect(holds.map((h) => [h.Event, h.Channel])).toEqual([["Hold", "Local/xfer@test-00000012;2"]]);

    // While the transferer consults: two bridges, six channels.
    const [bridges, channels] = await Promise.all([
      client.list("BridgeList"),
      client.list("CoreShowChannels"),
    ]);
    const [held, consult] = bridges.events.map((b) => b.BridgeUniqueid);
    expect(bridges.events.map((b) => b.BridgeNumChannels)).toEqual(["1", "2"]);
    expect(channels.complete?.ListItems).toBe("6");

    // The transferer hangs up: the consultation bridge merges into the held one.
    expect((await client.action("Hangup", { Channel: "Local/xfer@test-00000012;2" })).Message).toBe(
      "Channel Hungup",
    );
    await until(() => transfers.length === 1, "the AttendedTransfer");
    expect(merges[0]).toMatchObject({ ToBridgeUniqueid: held, FromBridgeUniqueid: consult });
    const transfer = transfers[0];
    expect(transfer).toMatchObject({
      Result: "Success",
      IsExternal: "No",
      DestType: "Bridge",
      DestBridgeUniqueid: held,
      OrigBridgeUniqueid: held,
      SecondBridgeUniqueid: consult,
      TransfereeChannel: "Local/longtalk@test-00000013;1",
      TransferTargetChannel: "Local/600@test-00000014;1",
    });
    // A bridge merge involves no Local pair, so the LocalOne/LocalTwo halves are absent.
    expect(transfer?.LocalOneChannel).toBeUndefined();
    expect(transfer?.LocalTwoChannel).toBeUndefined();
    // The hold on the transferer is never released by an Unhold.
    expect(holds.map((h) => h.Event)).toEqual(["Hold"]);

    const [after, again] = await Promise.all([
      client.list("BridgeList"),
      client
        .action("Atxfer", { Channel: "Local/none@test-00000000;1", Exten: "600" })
        .catch((e: unknown) => e),
    ]);
    expect(after.events.map((b) => [b.BridgeUniqueid, b.BridgeNumChannels])).toEqual([[held, "2"]]);
    expect((again as AmiActionError).message).toBe("Channel specified does not exist");
    expect(server.mismatches).toEqual([]);
    expect(server.completed).toBe(true);
  });

  scenario("hold", async () => {
    const server = replay("hold");
    const client = replayClient(server);
    const holds = collect(client.on("Hold", "Unhold"));
    const dtmf = collect(client.on("DTMFEnd"));
    await client.connect();
    await client.action("Originate", {
      Channel: "Local/hold@test",
      Async: "true",
      Application: "Wait",
      Data: "10",
      CallerID: '"Holder" <6001>',
    });
    // The bridge core's hold feature (*7 in features.conf), pressed as received DTMF.
    const answers = await Promise.all([
      client.action("PlayDTMF", { Channel: "Local/hold@test-00000017;2", Digit: "*", Receive: "true" }),
      client.action("PlayDTMF", { Channel: "Local/hold@test-00000017;2", Digit: "7", Receive: "true" }),
    ]);
    expect(answers.map((a) => a.Message)).toEqual(["DTMF successfully queued", "DTMF successfully queued"]);
    await until(() => holds.length === 1, "the Hold");
    // DTMF queued by AMI is reported only as DTMFEnd, with no duration.
    expect(dtmf.map((d) => [d.Digit, d.Direction, d.DurationMs])).toEqual([
      ["*", "Received", "0"],
      ["7", "Received", "0"],
    ]);
    expect(holds[0]).toMatchObject({
      Event: "Hold",
      Channel: "Local/hold@test-00000017;2",
      MusicClass: "default",
    });

    const channels = await client.list("CoreShowChannels");
    expect(channels.complete?.ListItems).toBe("4");
    await until(() => holds.length === 2, "the Unhold");
    expect(holds[1]).toMatchObject({ Event: "Unhold", Channel: "Local/hold@test-00000017;2" });
    expect("MusicClass" in (holds[1] ?? {})).toBe(false);
    expect(server.mismatches).toEqual([]);
    expect(server.completed).toBe(true);
  });

  scenario("park", async () => {
    const server = replay("park");
    const client = replayClient(server);
    const parked = collect(client.on("ParkedCall", "ParkedCallTimeOut", "ParkedCallGiveUp", "UnParkedCall"));
    await client.connect();
    const originate = (n: number, channel = "Local/xfer@test", name = "Parker") =>
      client.action("Originate", {
        Channel: channel,
        Async: "true",
        Application: "Wait",
        Data: channel === "Local/xfer@test" ? "20" : "1",
        CallerID: `"${name}" <700${n}>`,
      });

    const [lots, none] = await Promise.all([
      client.list("Parkinglots"),
      client.list("ParkedCalls"),
      originate(1),
    ]);
    expect(lots.events).toEqual([
      {
        Event: "Parkinglot",
        ActionID: lots.response.ActionID,
        Name: "default",
        StartSpace: "701",
        StopSpace: "720",
        Timeout: "10",
      },
    ]);
    expect(none.events).toEqual([]);
    expect(none.complete).toMatchObject({ ListItems: "0", Total: "0" });

    // Park the far end; the near end (TimeoutChannel) gets it back when the 3 s timeout runs out.
    const park = await client.action("Park", {
      Channel: "Local/longtalk@test-0000001a;1",
      TimeoutChannel: "Local/xfer@test-00000019;2",
      Timeout: "3000",
    });
    expect(park.Message).toMatch(/^Park successful/);
    await until(() => parked.length === 1, "ParkedCall");
    expect(parked[0]).toMatchObject({
      Event: "ParkedCall",
      ParkeeChannel: "Local/longtalk@test-0000001a;1",
      ParkerDialString: "Local/xfer@test",
      Parkinglot: "default",
      ParkingSpace: "701",
      ParkingTimeout: "3",
    });
    const [all, inDefault] = await Promise.all([
      client.list("ParkedCalls"),
      client.list("ParkedCalls", { ParkingLot: "default" }),
      client.list("Parkinglots"),
    ]);
    for (const list of [all, inDefault]) {
      // A list item reuses the ParkedCall event's name, without Privilege; the list ends with Total.
      expect(list.events.map((p) => [p.Event, p.ParkeeChannel, p.Privilege])).toEqual([
        ["ParkedCall", "Local/longtalk@test-0000001a;1", undefined],
      ]);
      expect(list.complete).toMatchObject({ ListItems: "1", Total: "1" });
    }
    await until(() => parked.length === 2, "ParkedCallTimeOut");
    expect(parked[1]).toMatchObject({
      Event: "ParkedCallTimeOut",
      ParkingTimeout: "0",
      ParkingDuration: "3",
    });

    // The second parked call hangs up while parked; the third is picked up by dialling its space.
    await originate(2);
    await client.action("Park", { Channel: "Local/longtalk@test-0000001c;1", Timeout: "30000" });
    await originate(3);
    await client.action("Park", {
      Channel: "Local/longtalk@test-0000001e;1",
      TimeoutChannel: "Local/xfer@test-0000001d;2",
      Timeout: "20000",
    });
    await originate(4, "Local/701@parkedcalls", "Retriever");
    await until(() => parked.length === 6, "ParkedCallGiveUp and UnParkedCall");
    expect(parked.slice(2).map((p) => p.Event)).toEqual([
      "ParkedCall",
      "ParkedCallGiveUp",
      "ParkedCall",
      "UnParkedCall",
    ]);
    const unparked = parked[5];
    expect(unparked).toMatchObject({
      ParkeeChannel: "Local/longtalk@test-0000001e;1",
      RetrieverChannel: "Local/701@parkedcalls-0000001f;2",
      RetrieverCallerIDName: "Retriever",
    });
    // res_parking never sends the Parker snapshot the documentation lists.
    expect(parked.some((p) => "ParkerChannel" in p)).toBe(false);

    const failed = await client
      .action("Park", { Channel: "Local/none@test-00000000;1" })
      .catch((e: unknown) => e);
    expect((failed as AmiActionError).message).toBe("Channel does not exist: Local/none@test-00000000;1");
    const empty = await client.list("ParkedCalls");
    expect(empty.complete).toMatchObject({ ListItems: "0", Total: "0" });
    expect(server.mismatches).toEqual([]);
    expect(server.completed).toBe(true);
  });

  it("replays exactly its share of the transcripts", () => {
    expect([...covered].sort()).toEqual([...callTranscripts].sort());
  });
});
