import type { AmiPacket } from "@amikit/codec";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk } from "../index.ts";
import { loggedInClient, type WireClient } from "../test-support/wire-client.ts";

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
  for (let left = seconds; left > 0; left -= 0.05) {
    await (fake as FakeAsterisk).advanceTime(Math.min(0.05, left));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** A fake whose `xfer` dials `talk` (talking `talkSeconds`); `600` answers and talks `targetSeconds`. */
async function bridgedCaller(talkSeconds: number, targetSeconds: number) {
  fake = createFakeAsterisk({
    clock: "manual",
    dialplan: {
      test: {
        xfer: [["Dial", "Local/talk@test,10,T"]],
        talk: [["Answer"], ["Wait", String(talkSeconds)], ["Hangup"]],
        "600": [["Answer"], ["Wait", String(targetSeconds)], ["Hangup"]],
      },
    },
  });
  const client = await loggedInClient(fake.transport());
  await ask(client, {
    Action: "Originate",
    ActionID: "o",
    Channel: "Local/xfer@test",
    Application: "Wait",
    Data: "30",
    Async: "true",
  });
  await client.until(() => events(client, "BridgeEnter").length === 2, 3000, "the Dial bridge");
  const caller = events(client, "BridgeEnter")[1]?.get("Channel") as string;
  return { client, caller };
}

describe("Atxfer", () => {
  it("answers the errors of main/manager.c action_atxfer", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    const message = async (fields: Record<string, string>) =>
      (await ask(client, { Action: "Atxfer", ...fields })).get("Message");
    expect(await message({ ActionID: "1", Exten: "600" })).toBe("No channel specified");
    expect(await message({ ActionID: "2", Channel: "Local/x@test-00000000;1" })).toBe(
      "No extension specified",
    );
    expect(await message({ ActionID: "3", Channel: "Local/x@test-00000000;1", Exten: "600" })).toBe(
      "Channel specified does not exist",
    );
  });

  it("moves the target into the transferee's bridge when the transferer hangs up; the transferee's hang-up then ends the target", async () => {
    const { client, caller } = await bridgedCaller(3, 30);
    const ack = await ask(client, { Action: "Atxfer", ActionID: "ax", Channel: caller, Exten: "600" });
    expect(ack.get("Message")).toBe("Atxfer successfully queued");
    await advance(1);
    expect(events(client, "DTMFEnd").map((p) => p.get("Digit"))).toEqual(["*", "2", "6", "0", "0"]);
    expect(events(client, "Hold").map((p) => p.get("Channel"))).toEqual([caller]);
    expect(fake?.bridges).toHaveLength(2);

    await ask(client, { Action: "Hangup", ActionID: "h", Channel: caller });
    await client.until(() => events(client, "AttendedTransfer").length === 1, 3000, "AttendedTransfer");
    const transfer = events(client, "AttendedTransfer")[0] as AmiPacket;
    expect(transfer.get("OrigTransfererChannel")).toBe(caller);
    expect(transfer.get("TransfereeChannel")).toMatch(/^Local\/talk@test-[0-9a-f]{8};1$/);
    expect(transfer.get("TransferTargetChannel")).toMatch(/^Local\/600@test-[0-9a-f]{8};1$/);
    expect(transfer.get("DestBridgeUniqueid")).toBe(transfer.get("OrigBridgeUniqueid"));
    expect(events(client, "BridgeMerge")).toHaveLength(1);
    await client.until(() => !fake?.channels.some((c) => c.name.startsWith("Local/xfer")), 3000, "xfer gone");
    expect(fake?.bridges.map((bridge) => bridge.channelIds.length)).toEqual([2]);

    // talk's dialplan hangs up first this time: its ;1 leaves, the target is dropped, nothing is left.
    await advance(3);
    await client.until(() => fake?.channels.length === 0, 3000, "every channel gone");
    expect(fake?.bridges).toEqual([]);
    const destroyed = events(client, "BridgeDestroy").map((p) => p.get("BridgeUniqueid"));
    expect(destroyed).toContain(transfer.get("DestBridgeUniqueid"));
    const states = events(client, "DeviceStateChange")
      .filter((p) => p.get("Device") === "Local/600@test")
      .map((p) => p.get("State"));
    expect(states).toEqual(["INUSE", "INUSE", "NOT_INUSE", "NOT_INUSE"]);
  });

  it("takes a transferer whose consultation target hung up out of the consultation bridge when it hangs up", async () => {
    const { client, caller } = await bridgedCaller(30, 1);
    await ask(client, { Action: "Atxfer", ActionID: "ax", Channel: caller, Exten: "600" });
    await advance(0.6);
    expect(fake?.bridges).toHaveLength(2);
    // 600's dialplan hangs up during the consultation: its ;1 leaves, the transferer stays on its own.
    await advance(1.5);
    await client.until(() => !fake?.channels.some((c) => c.name.startsWith("Local/600")), 3000, "600 gone");
    const uniqueid = (name: string) => fake?.channels.find((c) => c.name === name)?.uniqueid;
    const transfererId = uniqueid(caller) as string;
    expect(fake?.bridges.some((bridge) => bridge.channelIds.includes(transfererId))).toBe(true);

    await ask(client, { Action: "Hangup", ActionID: "h", Channel: caller });
    await client.until(
      () => !fake?.channels.some((c) => c.uniqueid === transfererId),
      3000,
      "transferer gone",
    );
    const live = new Set(fake?.channels.map((c) => c.uniqueid));
    for (const bridge of fake?.bridges ?? []) {
      for (const id of bridge.channelIds) expect(live.has(id), `${id} in ${bridge.uniqueid}`).toBe(true);
    }
    const leaves = events(client, "BridgeLeave").filter((p) => p.get("Uniqueid") === transfererId);
    const hangups = client.packets.findIndex(
      (p) => p.type === "event" && p.name === "Hangup" && p.get("Uniqueid") === transfererId,
    );
    expect(leaves.length).toBeGreaterThan(0);
    expect(client.packets.indexOf(leaves.at(-1) as AmiPacket)).toBeLessThan(hangups);
  });
});
