import { afterEach, describe, expect, it } from "vitest";
import { createCallSimulator, createFakeAsterisk, type FakeAsterisk } from "./index.ts";
import { loggedInClient, type WireClient } from "./test-support/wire-client.ts";

let fake: FakeAsterisk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const packetsOf = (client: WireClient, type: "event" | "response", name?: string) =>
  client.packets.filter((p) => p.type === type && (name === undefined || p.name === name));

/** Sends an action and waits for its response and, for a list, its completion event. */
async function ask(client: WireClient, fields: Record<string, string>, complete?: string) {
  const id = fields.ActionID as string;
  await client.action(fields);
  const response = await client.response(id);
  if (complete !== undefined) {
    await client.until(() => packetsOf(client, "event", complete).some((p) => p.get("ActionID") === id));
  }
  const items = client.packets.filter((p) => p.type === "event" && p.get("ActionID") === id);
  return {
    response,
    items: items.filter((p) => p.name !== complete),
    complete: items.find((p) => p.name === complete),
  };
}

/** A fake with one answered simulated call (alice → bob), and a logged-in client that saw it bridged. */
async function bridgedCall() {
  fake = createFakeAsterisk();
  const client = await loggedInClient(fake.transport());
  const simulator = createCallSimulator({
    fake,
    callsPerSecond: 0,
    ringMs: [5, 10],
    talkMs: [60_000, 60_000],
  });
  const caller = simulator.placeCall({ from: "alice", to: "bob", outcome: "answered" });
  await client.until(() => packetsOf(client, "event", "BridgeEnter").length === 2, 3000, "two BridgeEnter");
  return { client, simulator, caller };
}

describe("bridges on the fake's channel model", () => {
  it("lists a simulated call's bridge with BridgeList and its two channels with BridgeInfo", async () => {
    const { client, simulator } = await bridgedCall();
    const bridgeId = packetsOf(client, "event", "BridgeCreate")[0]?.get("BridgeUniqueid") as string;
    expect(bridgeId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const list = await ask(client, { Action: "BridgeList", ActionID: "bl" }, "BridgeListComplete");
    expect(list.response.get("Message")).toBe("Bridge listing will follow");
    expect(list.items.map((p) => p.fields)).toEqual([
      [
        ["Event", "BridgeListItem"],
        ["ActionID", "bl"],
        ["BridgeUniqueid", bridgeId],
        ["BridgeType", "basic"],
        ["BridgeTechnology", "simple_bridge"],
        ["BridgeCreator", "<unknown>"],
        ["BridgeName", "<unknown>"],
        ["BridgeNumChannels", "2"],
        ["BridgeVideoSourceMode", "none"],
      ],
    ]);
    expect(list.complete?.get("ListItems")).toBe("1");

    const info = await ask(
      client,
      { Action: "BridgeInfo", ActionID: "bi", BridgeUniqueid: bridgeId },
      "BridgeInfoComplete",
    );
    const uniqueids = simulator
      .channels()
      .map((channel) => channel.uniqueid)
      .sort();
    expect(info.items.map((p) => p.get("Uniqueid"))).toEqual(uniqueids);
    expect(info.complete?.fields.map(([name]) => name)).toEqual([
      "Event",
      "ActionID",
      "EventList",
      "ListItems",
      "BridgeUniqueid",
      "BridgeType",
      "BridgeTechnology",
      "BridgeCreator",
      "BridgeName",
      "BridgeNumChannels",
      "BridgeVideoSourceMode",
    ]);

    expect(
      fake?.bridges.map((bridge) => [bridge.uniqueid, bridge.technology, bridge.channelIds.length]),
    ).toEqual([[bridgeId, "simple_bridge", 2]]);
    // The channel lists name the same bridge: one model answers every snapshot action.
    const channels = await ask(
      client,
      { Action: "CoreShowChannels", ActionID: "csc" },
      "CoreShowChannelsComplete",
    );
    expect(channels.items.map((p) => p.get("BridgeId"))).toEqual([bridgeId, bridgeId]);
    expect(simulator.channels().map((channel) => channel.bridgeId)).toEqual([bridgeId, bridgeId]);
  });

  it("filters BridgeList by technology, as Asterisk does under the name BridgeType", async () => {
    const { client } = await bridgedCall();
    const basic = await ask(
      client,
      { Action: "BridgeList", ActionID: "b1", BridgeType: "basic" },
      "BridgeListComplete",
    );
    expect(basic.items).toHaveLength(0);
    const simple = await ask(
      client,
      { Action: "BridgeList", ActionID: "b2", BridgeType: "simple_bridge" },
      "BridgeListComplete",
    );
    expect(simple.items).toHaveLength(1);
  });

  it("refuses BridgeInfo without a BridgeUniqueid or for an unknown one", async () => {
    const { client } = await bridgedCall();
    const missing = await ask(client, { Action: "BridgeInfo", ActionID: "m" });
    expect([missing.response.get("Response"), missing.response.get("Message")]).toEqual([
      "Error",
      "BridgeUniqueid must be provided",
    ]);
    const unknown = await ask(client, {
      Action: "BridgeInfo",
      ActionID: "u",
      BridgeUniqueid: "00000000-0000-0000-0000-000000000000",
    });
    expect(unknown.response.get("Message")).toBe("Specified BridgeUniqueid not found");
  });

  it("takes the bridge down when the call hangs up: BridgeLeave 1 then 0, BridgeDestroy, an empty BridgeList", async () => {
    const { client, caller } = await bridgedCall();
    await ask(client, { Action: "Hangup", ActionID: "h", Channel: caller.name });
    await client.until(() => packetsOf(client, "event", "BridgeDestroy").length === 1, 3000, "BridgeDestroy");
    expect(packetsOf(client, "event", "BridgeLeave").map((p) => p.get("BridgeNumChannels"))).toEqual([
      "1",
      "0",
    ]);
    expect(packetsOf(client, "event", "BridgeDestroy")[0]?.get("BridgeNumChannels")).toBe("0");
    const list = await ask(client, { Action: "BridgeList", ActionID: "after" }, "BridgeListComplete");
    expect(list.items).toHaveLength(0);
  });
});

describe("a Dial(Local/…) bridge of the fake's dialplan", () => {
  const dialplan = {
    test: {
      bridge: [["Dial", "Local/talk@test,10,T"]] as [string, string][],
      talk: [["Answer"], ["Wait", "4"], ["Hangup"]] as [string, string?][],
    },
  };

  for (const target of [
    "bridge@test-00000000;1",
    "bridge@test-00000000;2",
    "talk@test-00000001;1",
    "talk@test-00000001;2",
  ]) {
    it(`comes down whole when the Hangup action hits Local/${target}`, async () => {
      fake = createFakeAsterisk({ timeScale: 0.01, dialplan });
      const client = await loggedInClient(fake.transport());
      await client.action({
        Action: "Originate",
        ActionID: "o",
        Channel: "Local/bridge@test",
        Application: "Wait",
        Data: "6",
        Async: "true",
      });
      await client.until(
        () => packetsOf(client, "event", "BridgeEnter").length === 2,
        3000,
        "two BridgeEnter",
      );
      expect(fake.channels).toHaveLength(4);
      await ask(client, { Action: "Hangup", ActionID: "h", Channel: `Local/${target}` });
      await client.until(
        () => packetsOf(client, "event", "BridgeDestroy").length === 1,
        3000,
        "BridgeDestroy",
      );
      await client.until(() => packetsOf(client, "event", "Hangup").length === 4, 3000, "four Hangup");
      expect(packetsOf(client, "event", "BridgeLeave").map((p) => p.get("BridgeNumChannels"))).toEqual([
        "1",
        "0",
      ]);
      expect(packetsOf(client, "event", "BridgeDestroy")[0]?.get("BridgeNumChannels")).toBe("0");
      expect(fake.channels).toHaveLength(0);
      const list = await ask(client, { Action: "BridgeList", ActionID: "after" }, "BridgeListComplete");
      expect(list.items).toHaveLength(0);
    });
  }

  it("answers BlindTransfer of a channel in no bridge with Transfer invalid", async () => {
    fake = createFakeAsterisk({ timeScale: 0.01 });
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o",
      Channel: "Local/echo@test",
      Application: "Echo",
      Async: "true",
    });
    await client.until(() => fake?.channels.length === 2);
    const name = fake.channels[0]?.name ?? "";
    const response = await ask(client, {
      Action: "BlindTransfer",
      ActionID: "bt",
      Channel: name,
      Exten: "wait",
    });
    expect(response.response.get("Message")).toBe("Transfer invalid");
    const missing = await ask(client, { Action: "BlindTransfer", ActionID: "bt2", Channel: name });
    expect(missing.response.get("Message")).toBe("No extension specified");
  });
});
