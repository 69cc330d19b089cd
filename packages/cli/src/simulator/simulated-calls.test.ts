import { createClient } from "@amikit/client";
import { findEvent } from "@amikit/definitions";
import { eventHeaderNames } from "@amikit/test-support";
import { createCallSimulator, createFakeAsterisk } from "@amikit/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { eventually } from "../test-support/fake-server.ts";
import { SIMULATED_QUEUE_DIALPLAN, SIMULATED_QUEUES, simulatedQueueTraffic } from "./simulated-queues.ts";

// The simulator lives in @amikit/testing (its generator tests are there); these tests check what the CLI's
// `simulate` and `demo` rely on: the simulator on a fake Asterisk, seen through a client, and its events
// against the Asterisk definitions (a dependency of the CLI, not of @amikit/testing).

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp() {
  const fake = createFakeAsterisk();
  const simulator = createCallSimulator({
    fake,
    callsPerSecond: 0,
    ringMs: [5, 10],
    talkMs: [60_000, 60_000],
  });
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
  await eventually(() => running.channels().every((channel) => channel.stateDescription === "Up"));
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
    // Asterisk lists channels in its container's order (no order to rely on): find the caller's item.
    const caller = events.find((event) => event.Channel.startsWith("PJSIP/alice-"));
    expect(caller).toMatchObject({
      Application: "Dial",
      ApplicationData: "PJSIP/bob,30",
      ChannelStateDesc: "Up",
    });
    expect(caller?.BridgeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(complete?.ListItems).toBe("2");
    const session = fake.openSessions[0];
    expect(writtenHeaders(session?.written ?? [], "CoreShowChannel")).toEqual(
      eventHeaderNames("originate-call", "CoreShowChannel"),
    );
  });

  it("answers Status per channel, with ActionID last as Asterisk does, and No such channel", async () => {
    const { fake, simulator, client } = await setUp();
    const first = simulator.channels().find((channel) => channel.name.startsWith("PJSIP/alice-"));
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

/**
 * Headers the definitions mark as always present but Asterisk sends only in some cases (`Event.Header`).
 * Empty: the definitions now type BridgeEnter's SwapUniqueid optional (tools/codegen/overrides.ts).
 */
const sentOnlySometimes = new Set<string>();

describe("the simulator's events", () => {
  it("are only events the Asterisk definitions document, with their required headers and no unknown ones", () => {
    vi.useFakeTimers();
    try {
      const events: Readonly<Record<string, string>>[] = [];
      const simulator = createCallSimulator({
        emit: (event) => events.push(event),
        callsPerSecond: 5,
        seed: 3,
      });
      simulator.start();
      simulator.originate({
        Channel: "PJSIP/alice",
        Exten: "1002",
        Context: "from-internal",
        ActionID: "o-9",
      });
      simulator.originate({ Channel: "Local/s@demo", Application: "Playback", Data: "hello-world" });
      vi.advanceTimersByTime(10_000);
      simulator.stop();
      const names = new Set(events.map((event) => event.Event));
      expect(names.size).toBeGreaterThanOrEqual(12);
      // One of each shape is enough: the same event name with the same headers checks the same thing.
      const shapes = new Map(events.map((event) => [Object.keys(event).join(","), event]));
      for (const event of shapes.values()) {
        const definition = findEvent(event.Event ?? "");
        expect(definition, event.Event).toBeDefined();
        for (const header of Object.keys(event))
          expect(definition?.headers, `${event.Event}: ${header}`).toContain(header);
        for (const header of definition?.requiredHeaders ?? []) {
          if (sentOnlySometimes.has(`${event.Event}.${header}`)) continue;
          expect(Object.keys(event), `${event.Event} lacks ${header}`).toContain(header);
        }
      }
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the simulator's queue traffic", () => {
  it("sends only events the Asterisk definitions document, with their required headers and no unknown ones", async () => {
    const fake = createFakeAsterisk({
      queues: SIMULATED_QUEUES,
      dialplan: SIMULATED_QUEUE_DIALPLAN,
      timeScale: 0.01,
    });
    const simulator = createCallSimulator({
      fake,
      callsPerSecond: 20,
      seed: 5,
      queueTraffic: { ...simulatedQueueTraffic(20), share: 0.8, pauseEveryMs: 50, patienceSeconds: [5, 60] },
    });
    const client = createClient({
      transport: fake.transport(),
      username: "admin",
      secret: "amipass",
      reconnect: false,
    });
    await client.connect();
    cleanups.push(async () => {
      simulator.stop();
      await client.close();
      await fake.close();
    });
    const seen = new Set<string>();
    client.events$.subscribe((event) => seen.add(String(event.Event)));
    simulator.start();
    await eventually(
      () => ["AgentComplete", "QueueCallerAbandon", "QueueMemberPause"].every((name) => seen.has(name)),
      10_000,
    );
    simulator.stop();
    const packets = (fake.openSessions[0]?.written ?? []).join("").split("\r\n\r\n");
    // One of each shape is enough: the same event name with the same headers checks the same thing.
    const shapes = new Map<string, string[]>();
    for (const packet of packets.filter((text) => text.startsWith("Event: "))) {
      const headers = packet.split("\r\n").map((line) => line.slice(0, line.indexOf(":")));
      shapes.set(headers.join(","), [packet.split("\r\n")[0]?.slice("Event: ".length) ?? "", ...headers]);
    }
    expect(shapes.size).toBeGreaterThan(20);
    for (const [name, ...headers] of shapes.values()) {
      const definition = findEvent(name ?? "");
      expect(definition, name).toBeDefined();
      for (const header of headers) expect(definition?.headers, `${name}: ${header}`).toContain(header);
      for (const header of definition?.requiredHeaders ?? [])
        expect(headers, `${name} lacks ${header}`).toContain(header);
    }
  });
});
