import { createClient } from "@amikit/client";
import { eventHeaderNames } from "@amikit/test-support";
import { createFakeAsterisk } from "@amikit/testing";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../test-support/fake-server.ts";
import { attachSimulator, simulatorCommands } from "./attach-simulator.ts";
import type { CallSimulator } from "./call-simulator.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp() {
  let simulator: CallSimulator | undefined;
  const fake = createFakeAsterisk({ commands: simulatorCommands(() => simulator) });
  simulator = attachSimulator(fake, { callsPerSecond: 0, ringMs: [5, 10], talkMs: [60_000, 60_000] });
  const client = createClient({
    transport: fake.transport(),
    username: "admin",
    secret: "amipass",
    reconnect: false,
  });
  await client.connect();
  const running = simulator;
  cleanups.push(async () => {
    running.stop();
    await client.close();
    await fake.close();
  });
  running.placeCall({ from: "alice", to: "bob", outcome: "answered" });
  await eventually(() => running.channels().every((channel) => channel.state.description === "Up"));
  return { fake, simulator: running, client };
}

/** The header names of the last packet written to the client whose first line is `Event: <name>`. */
function writtenHeaders(written: readonly string[], name: string): string[] {
  const packets = written.join("").split("\r\n\r\n");
  const packet = packets.filter((text) => text.startsWith(`Event: ${name}\r\n`)).at(-1);
  if (packet === undefined) throw new Error(`no ${name} written`);
  return packet.split("\r\n").map((line) => line.slice(0, line.indexOf(":")));
}

describe("the simulator on a fake Asterisk", () => {
  it("lists its live channels with CoreShowChannels, shaped as Asterisk 22 sends them", async () => {
    const { fake, simulator, client } = await setUp();
    const { events, complete } = await client.list("CoreShowChannels");
    expect(events.map((event) => event.Channel)).toEqual(simulator.channels().map((channel) => channel.name));
    expect(events[0]).toMatchObject({
      Application: "Dial",
      ApplicationData: "PJSIP/bob,30",
      ChannelStateDesc: "Up",
    });
    expect(events[0]?.BridgeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(complete?.ListItems).toBe("2");
    const session = fake.openSessions[0];
    expect(writtenHeaders(session?.written ?? [], "CoreShowChannel")).toEqual(
      eventHeaderNames("originate-call", "CoreShowChannel"),
    );
  });

  it("answers Status per channel, with ActionID last as Asterisk does, and No such channel", async () => {
    const { fake, simulator, client } = await setUp();
    const [first] = simulator.channels();
    const { events, complete } = await client.list("Status", { Channel: first?.name ?? "" });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ Channel: first?.name, Type: "PJSIP", Application: "Dial" });
    expect(complete).toMatchObject({ ListItems: "1", Items: "1" });
    expect(writtenHeaders(fake.openSessions[0]?.written ?? [], "Status")).toEqual(
      eventHeaderNames("originate-call", "Status"),
    );
    expect((await client.list("Status")).events).toHaveLength(2);
    await expect(client.action("Status", { Channel: "PJSIP/nobody-00000000" })).rejects.toThrow(
      "No such channel",
    );
  });

  it("hangs up a simulated channel with the Hangup action", async () => {
    const { simulator, client } = await setUp();
    const hangups: string[] = [];
    client.on("Hangup").subscribe((event) => hangups.push(event.Channel));
    const [first] = simulator.channels();
    const response = await client.action("Hangup", { Channel: first?.name ?? "" });
    expect(response.Message).toBe("Channel Hungup");
    await eventually(() => hangups.length === 2);
    expect(simulator.channels()).toEqual([]);
    await expect(client.action("Hangup", { Channel: first?.name ?? "" })).rejects.toThrow("No such channel");
  });

  it("originates a call and resolves with its OriginateResponse", async () => {
    const { client, simulator } = await setUp();
    const response = await client.originate({
      Channel: "PJSIP/erin",
      Context: "from-internal",
      Exten: "1006",
      Priority: "1",
    });
    expect(response).toMatchObject({ Response: "Success", Reason: "4", Exten: "1006" });
    await eventually(() => simulator.channels().some((channel) => channel.name.startsWith("PJSIP/frank-")));
    await expect(
      client.action("Originate", { Channel: "Nope/x", Exten: "1", Context: "x", Priority: "1" }),
    ).rejects.toThrow("Originate failed");
  });

  it("prints its channels for core show channels", async () => {
    const { client } = await setUp();
    const lines = await client.command("core show channels");
    expect(lines.at(-3)).toBe("2 active channels");
    expect(lines.at(-2)).toBe("1 active call");
  });
});
