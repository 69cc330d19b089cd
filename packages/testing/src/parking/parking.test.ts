import type { AmiPacket } from "@amikit/codec";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk, type FakeAsteriskOptions } from "../index.ts";
import { loggedInClient, type WireClient } from "../test-support/wire-client.ts";

// The parking actions and flows beyond what park.jsonl plays (transcripts.test.ts): errors, lots from the
// options, simulated times in the parked-call block, a second space, retrieval of a chosen space.

let fake: FakeAsterisk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const events = (client: WireClient, name: string) =>
  client.packets.filter((p) => p.type === "event" && p.name === name);

async function ask(client: WireClient, fields: Record<string, string>): Promise<AmiPacket> {
  await client.action(fields);
  return client.response(fields.ActionID as string);
}

/** Moves the manual clock on in small steps, letting the fake's flows run between them. */
async function advance(seconds: number): Promise<void> {
  for (let left = Math.round(seconds * 1000); left > 0; left -= 50) {
    await (fake as FakeAsterisk).advanceTime(Math.min(50, left) / 1000);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const DIALPLAN: FakeAsteriskOptions["dialplan"] = {
  test: {
    xfer: [["Dial", "Local/longtalk@test,10,T"]],
    longtalk: [["Answer"], ["Wait", "30"], ["Hangup"]],
  },
  parkedcalls: { "702": [["ParkedCall", "default,702"]] },
  parkedcallstimeout: { s: [["Answer"], ["Wait", "1"], ["Hangup"]] },
};

/** Originates `xfer` (which dials `longtalk`) and waits for the two to be bridged; returns both channels. */
async function bridgedCall(client: WireClient, id: string) {
  const before = events(client, "BridgeEnter").length;
  await ask(client, {
    Action: "Originate",
    ActionID: id,
    Channel: "Local/xfer@test",
    Application: "Wait",
    Data: "60",
    Async: "true",
  });
  await client.until(() => events(client, "BridgeEnter").length === before + 2, 3000, "the Dial bridge");
  const [peer, caller] = events(client, "BridgeEnter")
    .slice(before)
    .map((p) => p.get("Channel") as string);
  return { peer: peer as string, caller: caller as string };
}

describe("Park, ParkedCalls and Parkinglots", () => {
  it("answers the errors of res/parking/parking_manager.c", async () => {
    fake = createFakeAsterisk({ clock: "manual", dialplan: DIALPLAN });
    const client = await loggedInClient(fake.transport());
    const message = async (fields: Record<string, string>) =>
      (await ask(client, { Action: "Park", ...fields })).get("Message");
    expect(await message({ ActionID: "1" })).toBe("Channel not specified");
    expect(await message({ ActionID: "2", Channel: "Local/x@test-00000000;1", Timeout: "soon" })).toBe(
      "Invalid Timeout value.",
    );
    expect(await message({ ActionID: "3", Channel: "Local/x@test-00000000;1" })).toBe(
      "Channel does not exist: Local/x@test-00000000;1",
    );
    // A channel in no bridge: the fake parks only the answered peer of a Dial.
    const { caller } = await bridgedCall(client, "o");
    await ask(client, { Action: "Park", ActionID: "4", Channel: caller });
    expect(client.text).toContain("ActionID: 4\r\nMessage: Park action failed\n\r\n");
    // An unknown lot.
    const peer = events(client, "BridgeEnter")[0]?.get("Channel") as string;
    expect(
      (await ask(client, { Action: "Park", ActionID: "5", Channel: peer, Parkinglot: "vip" })).get(
        "Response",
      ),
    ).toBe("Error");
    const unknown = await ask(client, { Action: "ParkedCalls", ActionID: "6", ParkingLot: "vip" });
    expect(unknown.get("Message")).toBe("Requested parking lot could not be found.");
    expect(fake.bridges.map((bridge) => bridge.type)).toEqual(["basic"]);
  });

  it("lists Asterisk's default lot, or the lots of options.parkingLots in order", async () => {
    fake = createFakeAsterisk();
    let client = await loggedInClient(fake.transport());
    await ask(client, { Action: "Parkinglots", ActionID: "l" });
    await client.until(() => events(client, "ParkinglotsComplete").length === 1, 3000, "the list");
    expect(
      events(client, "Parkinglot").map((p) => p.fields.map(([name, value]) => `${name}=${value}`)),
    ).toEqual([
      ["Event=Parkinglot", "ActionID=l", "Name=default", "StartSpace=701", "StopSpace=750", "Timeout=45"],
    ]);
    await fake.close();

    fake = createFakeAsterisk({
      parkingLots: {
        default: { startSpace: 701, stopSpace: 720, timeout: 10 },
        vip: { startSpace: 801, stopSpace: 802 },
      },
    });
    client = await loggedInClient(fake.transport());
    await ask(client, { Action: "Parkinglots", ActionID: "l" });
    await client.until(() => events(client, "ParkinglotsComplete").length === 1, 3000, "the list");
    expect(
      events(client, "Parkinglot").map(
        (p) => `${p.get("Name")} ${p.get("StartSpace")}-${p.get("StopSpace")} ${p.get("Timeout")}`,
      ),
    ).toEqual(["default 701-720 10", "vip 801-802 45"]);
    expect(events(client, "ParkinglotsComplete")[0]?.get("ListItems")).toBe("2");
    await ask(client, { Action: "ParkedCalls", ActionID: "c" });
    await client.until(() => events(client, "ParkedCallsComplete").length === 1, 3000, "the list");
    const complete = events(client, "ParkedCallsComplete")[0] as AmiPacket;
    expect([complete.get("ListItems"), complete.get("Total")]).toEqual(["0", "0"]);
  });

  it("rejects a lot res_parking.conf would not load, naming it", () => {
    expect(() => createFakeAsterisk({ parkingLots: { vip: { startSpace: 802, stopSpace: 801 } } })).toThrow(
      /parking lot vip: parkpos 802-801/,
    );
  });

  it("parks a Dial peer for Timeout ms, counts its time in simulated seconds, then sends it to s@parkedcallstimeout", async () => {
    fake = createFakeAsterisk({ clock: "manual", dialplan: DIALPLAN });
    const client = await loggedInClient(fake.transport());
    const { peer, caller } = await bridgedCall(client, "o");
    const ack = await ask(client, {
      Action: "Park",
      ActionID: "p",
      Channel: peer,
      TimeoutChannel: caller,
      Timeout: "3000",
    });
    expect(ack.get("Response")).toBe("Success");
    await client.until(() => events(client, "ParkedCall").length === 1, 3000, "ParkedCall");
    const parked = events(client, "ParkedCall")[0] as AmiPacket;
    expect([parked.get("ParkeeChannel"), parked.get("ParkingSpace"), parked.get("ParkerDialString")]).toEqual(
      [peer, "701", "Local/xfer@test"],
    );
    expect([parked.get("ParkingTimeout"), parked.get("ParkingDuration")]).toEqual(["3", "0"]);
    expect(fake.bridges.find((bridge) => bridge.type === "parking")?.channelIds).toHaveLength(1);
    // The caller's Dial returned: its call is gone.
    await client.until(
      () => !fake?.channels.some((channel) => channel.name === caller),
      3000,
      "the caller gone",
    );

    await advance(2);
    await ask(client, { Action: "ParkedCalls", ActionID: "c" });
    await client.until(() => events(client, "ParkedCallsComplete").length === 1, 3000, "the list");
    const listed = events(client, "ParkedCall")[1] as AmiPacket;
    expect([listed.get("ParkingTimeout"), listed.get("ParkingDuration"), listed.get("ActionID")]).toEqual([
      "1",
      "2",
      "c",
    ]);

    await advance(1.1);
    const timedOut = events(client, "ParkedCallTimeOut")[0] as AmiPacket;
    expect([
      timedOut.get("ParkeeContext"),
      timedOut.get("ParkeeExten"),
      timedOut.get("ParkingDuration"),
    ]).toEqual(["parkedcallstimeout", "s", "3"]);
    const vars = events(client, "VarSet").filter((p) => /^PARK/.test(p.get("Variable") ?? ""));
    expect(vars.map((p) => `${p.get("Variable")}=${p.get("Value")}`)).toEqual([
      "PARKING_SPACE=701",
      "PARKEDLOT=default",
      "PARKER=Local/xfer@test",
      "PARKER_FLAT=Local_xfer@test",
    ]);
    await advance(1.1);
    await client.until(() => fake?.channels.length === 0, 3000, "every channel gone");
    // The lot's bridge stays, empty.
    expect(fake.bridges.map((bridge) => `${bridge.type} ${bridge.channelIds.length}`)).toEqual(["parking 0"]);
    const space = events(client, "DeviceStateChange").filter(
      (p) => p.get("Device") === "park:701@parkedcalls",
    );
    expect(space.map((p) => p.get("State"))).toEqual(["INUSE", "NOT_INUSE"]);
  });

  it("puts a second call in the next space and reuses the lot's bridge; ParkedCall(default,702) retrieves that one", async () => {
    fake = createFakeAsterisk({ clock: "manual", dialplan: DIALPLAN });
    const client = await loggedInClient(fake.transport());
    const first = await bridgedCall(client, "o1");
    await ask(client, { Action: "Park", ActionID: "p1", Channel: first.peer });
    const second = await bridgedCall(client, "o2");
    await ask(client, { Action: "Park", ActionID: "p2", Channel: second.peer, Parkinglot: "default" });
    await client.until(() => events(client, "ParkedCall").length === 2, 3000, "two ParkedCall");
    expect(
      events(client, "ParkedCall").map((p) => `${p.get("ParkeeChannel")} ${p.get("ParkingSpace")}`),
    ).toEqual([`${first.peer} 701`, `${second.peer} 702`]);
    // Without TimeoutChannel the parkee is its own parker.
    expect(events(client, "ParkedCall")[1]?.get("ParkerDialString")).toBe("Local/longtalk@test");
    expect(events(client, "BridgeCreate").filter((p) => p.get("BridgeType") === "parking")).toHaveLength(1);

    await ask(client, {
      Action: "Originate",
      ActionID: "r",
      Channel: "Local/702@parkedcalls",
      Application: "Wait",
      Data: "2",
      Async: "true",
      CallerID: '"Retriever" <7004>',
    });
    await advance(0.6);
    await client.until(() => events(client, "UnParkedCall").length === 1, 3000, "UnParkedCall");
    const unparked = events(client, "UnParkedCall")[0] as AmiPacket;
    expect([
      unparked.get("ParkeeChannel"),
      unparked.get("ParkingSpace"),
      unparked.get("RetrieverCallerIDNum"),
    ]).toEqual([second.peer, "702", "7004"]);
    expect(unparked.get("RetrieverChannel")).toMatch(/^Local\/702@parkedcalls-[0-9a-f]{8};2$/);
    const basic = fake.bridges.find((bridge) => bridge.type === "basic");
    expect(basic?.channelIds).toHaveLength(2);
    await ask(client, { Action: "ParkedCalls", ActionID: "c" });
    await client.until(() => events(client, "ParkedCallsComplete").length === 1, 3000, "the list");
    expect(
      events(client, "ParkedCall")
        .slice(2)
        .map((p) => p.get("ParkeeChannel")),
    ).toEqual([first.peer]);

    // The retriever's Wait(2) ends: it hangs up, the retrieved call is dropped and hangs up too.
    await advance(2);
    await client.until(
      () => !fake?.channels.some((c) => c.name.startsWith(second.peer.slice(0, -2))),
      3000,
      "gone",
    );
    expect(fake.bridges.map((bridge) => `${bridge.type} ${bridge.channelIds.length}`)).toEqual(["parking 1"]);
  });
});
