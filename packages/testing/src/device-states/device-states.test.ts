import type { AmiPacket } from "@amikit/codec";
import { afterEach, describe, expect, it } from "vitest";
import { createCallSimulator, createFakeAsterisk, type FakeAsterisk } from "../index.ts";
import { loggedInClient, type WireClient } from "../test-support/wire-client.ts";

let fake: FakeAsterisk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const HINTS = { test: { lamp: "Custom:lamp1", desk: "Custom:lamp1&Custom:lamp2,CustomPresence:desk" } };

const events = (client: WireClient, name: string) =>
  client.packets.filter((p) => p.type === "event" && p.name === name && p.get("ActionID") === undefined);

const statuses = (client: WireClient, exten: string) =>
  events(client, "ExtensionStatus")
    .filter((p) => p.get("Exten") === exten)
    .map((p) => `${p.get("Status")} ${p.get("StatusText")}`);

async function ask(client: WireClient, fields: Record<string, string>): Promise<AmiPacket> {
  await client.action(fields);
  return client.response(fields.ActionID as string);
}

/** Sets a custom device state with Setvar and waits until its DeviceStateChange arrived. */
async function setState(client: WireClient, device: string, state: string): Promise<void> {
  const before = events(client, "DeviceStateChange").length;
  const id = `sv-${device}-${state}-${before}`;
  const response = await ask(client, {
    Action: "Setvar",
    ActionID: id,
    Variable: `DEVICE_STATE(${device})`,
    Value: state,
  });
  expect(response.get("Message")).toBe("Variable Set");
  await client.until(() => events(client, "DeviceStateChange").length > before, 2000, "DeviceStateChange");
}

describe("device, extension and presence states", () => {
  it("combines a hint's devices as Asterisk does and raises ExtensionStatus only when the hint's state changes", async () => {
    fake = createFakeAsterisk({ hints: HINTS });
    const client = await loggedInClient(fake.transport());
    await setState(client, "Custom:lamp1", "RINGING");
    await setState(client, "Custom:lamp2", "INUSE");
    await setState(client, "Custom:lamp1", "ONHOLD");
    await setState(client, "Custom:lamp2", "NOT_INUSE");
    await setState(client, "Custom:lamp1", "unavailable");
    await setState(client, "Custom:lamp1", "UNAVAILABLE"); // no change: no ExtensionStatus
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(statuses(client, "lamp")).toEqual(["8 Ringing", "16 Hold", "4 Unavailable"]);
    // lamp1 and lamp2 together: ringing and in use at once; in use beats on hold; UNAVAILABLE loses to
    // NOT_INUSE (ast_devstate_aggregate_add).
    expect(statuses(client, "desk")).toEqual([
      "8 Ringing",
      "9 InUse&Ringing",
      "1 InUse",
      "16 Hold",
      "0 Idle",
    ]);
    expect(events(client, "DeviceStateChange").map((p) => `${p.get("Device")} ${p.get("State")}`)).toEqual([
      "Custom:lamp1 RINGING",
      "Custom:lamp2 INUSE",
      "Custom:lamp1 ONHOLD",
      "Custom:lamp2 NOT_INUSE",
      "Custom:lamp1 UNAVAILABLE",
      "Custom:lamp1 UNAVAILABLE",
    ]);

    const read = await ask(client, {
      Action: "Getvar",
      ActionID: "gv",
      Variable: "DEVICE_STATE(Custom:lamp1)",
    });
    expect(read.get("Value")).toBe("UNAVAILABLE");
    const state = await ask(client, {
      Action: "ExtensionState",
      ActionID: "es",
      Exten: "desk",
      Context: "test",
    });
    expect([state.get("Hint"), state.get("Status"), state.get("StatusText")]).toEqual([
      HINTS.test.desk,
      "0",
      "Idle",
    ]);
  });

  it("lists the cached devices (not Local ones), the hints and the presences; answers for unknown extensions", async () => {
    fake = createFakeAsterisk({ hints: HINTS, deviceStates: { "Queue:sales": "NOT_INUSE" }, timeScale: 0 });
    const client = await loggedInClient(fake.transport());
    await setState(client, "Custom:lamp2", "BUSY");
    fake.emit({ Event: "DeviceStateChange", Privilege: "call,all", Device: "Local/x@test", State: "INUSE" });

    await client.action({ Action: "DeviceStateList", ActionID: "dsl" });
    await client.until(() => client.packets.some((p) => p.name === "DeviceStateListComplete"));
    const devices = client.packets
      .filter((p) => p.name === "DeviceStateChange" && p.get("ActionID") === "dsl")
      .map((p) => `${p.get("Device")} ${p.get("State")}`);
    expect(devices).toEqual(["Queue:sales NOT_INUSE", "Custom:lamp2 BUSY"]);

    await client.action({ Action: "ExtensionStateList", ActionID: "esl" });
    await client.until(() => client.packets.some((p) => p.name === "ExtensionStateListComplete"));
    const hints = client.packets
      .filter((p) => p.name === "ExtensionStatus" && p.get("ActionID") === "esl")
      .map((p) => `${p.get("Exten")}@${p.get("Context")} ${p.get("Status")} ${p.get("StatusText")}`);
    expect(hints).toEqual(["lamp@test 0 Idle", "desk@test 2 Busy"]);

    const none = await ask(client, { Action: "ExtensionState", ActionID: "es", Exten: "lamp" });
    expect([none.get("Context"), none.get("Hint"), none.get("Status"), none.get("StatusText")]).toEqual([
      "default",
      "",
      "-1",
      "Unknown",
    ]);

    const unset = await ask(client, {
      Action: "PresenceState",
      ActionID: "ps",
      Provider: "CustomPresence:desk",
    });
    expect(unset.fields).toEqual([
      ["Response", "Success"],
      ["ActionID", "ps"],
      ["Message", "Presence State"],
      ["State", "not_set"],
    ]);
    const missing = await ask(client, { Action: "PresenceState", ActionID: "ps2" });
    expect([missing.get("Response"), missing.get("Message")]).toEqual(["Error", "No provider specified"]);
  });

  it("sets presence from Setvar: PresenceStateChange, then PresenceStatus for each hint naming the provider", async () => {
    fake = createFakeAsterisk({ hints: HINTS });
    const client = await loggedInClient(fake.transport());
    await ask(client, {
      Action: "Setvar",
      ActionID: "p1",
      Variable: "PRESENCE_STATE(CustomPresence:desk)",
      Value: "dnd,meeting,until, three",
    });
    await client.until(() => events(client, "PresenceStatus").length === 1);
    expect(events(client, "PresenceStateChange")[0]?.fields.slice(2)).toEqual([
      ["Presentity", "CustomPresence:desk"],
      ["Status", "dnd"],
      ["Subtype", "meeting"],
      ["Message", "until, three"],
    ]);
    expect(events(client, "PresenceStatus")[0]?.get("Exten")).toBe("desk");
    const value = await ask(client, {
      Action: "Getvar",
      ActionID: "g",
      Variable: "PRESENCE_STATE(CustomPresence:desk,subtype)",
    });
    expect(value.get("Value")).toBe("meeting");
    // Only Custom: devices can be set: anything else changes nothing.
    await ask(client, {
      Action: "Setvar",
      ActionID: "p2",
      Variable: "DEVICE_STATE(PJSIP/bob)",
      Value: "INUSE",
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events(client, "DeviceStateChange")).toEqual([]);
  });

  it("follows a simulated call's devices in a hint", async () => {
    fake = createFakeAsterisk({ hints: { phones: { bob: "PJSIP/bob" } } });
    const client = await loggedInClient(fake.transport());
    const simulator = createCallSimulator({ fake, callsPerSecond: 0, ringMs: [5, 10], talkMs: [30, 30] });
    await simulator.placeCall({ from: "alice", to: "bob", outcome: "answered" });
    await client.until(() => statuses(client, "bob").at(-1) === "0 Idle", 3000, "bob idle again");
    expect(statuses(client, "bob")).toEqual(["8 Ringing", "1 InUse", "0 Idle"]);
  });
});
