import type { AmiPacket } from "@amikit/codec";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk, type FakeAsteriskOptions } from "../index.ts";
import { loggedInClient, type WireClient } from "../test-support/wire-client.ts";
import { createCallSimulator } from "./call-simulator.ts";

let fake: FakeAsterisk | undefined;
let stopSimulator: () => void = () => {};
afterEach(async () => {
  stopSimulator();
  stopSimulator = () => {};
  await fake?.close();
  fake = undefined;
});

/** A support queue of two Local agents who ring 1 s and talk 10 s, and a dialplan that queues callers. */
const QUEUED: FakeAsteriskOptions = {
  queues: {
    support: {
      strategy: "ringall",
      servicelevel: 30,
      timeout: 5,
      retry: 1,
      members: [
        { interface: "Local/agent1@agents/n", name: "Agent One" },
        { interface: "Local/agent2@agents/n", name: "Agent Two" },
      ],
    },
  },
  dialplan: {
    queues: { support: [["Queue", "support,r"], ["Hangup"]] },
    agents: {
      agent1: [["Ringing"], ["Wait", "1"], ["Answer"], ["Wait", "10"], ["Hangup"]],
      agent2: [["Ringing"], ["Wait", "1"], ["Answer"], ["Wait", "10"], ["Hangup"]],
    },
  },
};

const events = (client: WireClient, name: string): AmiPacket[] =>
  client.packets.filter((packet) => packet.type === "event" && packet.name === name);

/** The QueueStatus items answering one request. */
async function queueStatus(client: WireClient, actionId: string): Promise<AmiPacket[]> {
  const before = client.packets.length;
  await client.action({ Action: "QueueStatus", ActionID: actionId });
  await client.until(() =>
    client.packets.slice(before).some((packet) => packet.name === "QueueStatusComplete"),
  );
  return client.packets
    .slice(before)
    .filter((packet) => packet.type === "event" && packet.get("ActionID") === actionId);
}

describe("the simulator's queue traffic", () => {
  it("sends a share of its generated callers into the queues, where members ring, answer and complete", async () => {
    fake = createFakeAsterisk({ ...QUEUED, timeScale: 0.01 });
    const client = await loggedInClient(fake.transport());
    const simulator = createCallSimulator({
      fake,
      callsPerSecond: 40,
      seed: 7,
      ringMs: [5, 10],
      talkMs: [50, 100],
      queueTraffic: { destinations: ["support@queues"], share: 0.5, patienceSeconds: [30, 30] },
    });
    stopSimulator = () => simulator.stop();
    simulator.start();
    await client.until(
      () =>
        events(client, "AgentComplete").length >= 2 &&
        simulator.stats.callsStarted - simulator.stats.queueCallsStarted >= 2,
      5_000,
    );
    simulator.stop();
    const { callsStarted, queueCallsStarted } = simulator.stats;
    // About half of the calls went to the queue, the others between endpoints.
    expect(queueCallsStarted).toBeGreaterThan(0);
    expect(queueCallsStarted).toBeLessThan(callsStarted);
    const joins = events(client, "QueueCallerJoin");
    expect(joins.length).toBeGreaterThanOrEqual(2);
    expect(joins.length).toBeLessThanOrEqual(queueCallsStarted);
    for (const join of joins) {
      expect(join.get("Queue")).toBe("support");
      expect(join.get("Channel")).toMatch(/^Local\/support@queues-[0-9a-f]{8};2$/);
      expect(join.get("CallerIDNum")).toMatch(/^0155501\d\d$/);
    }
    expect(events(client, "AgentCalled").length).toBeGreaterThanOrEqual(2);
    // Nobody sent an Originate for the queue callers: no OriginateResponse.
    expect(events(client, "OriginateResponse")).toEqual([]);
    const connected = events(client, "AgentConnect");
    expect(connected.map((packet) => packet.get("MemberName"))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Agent (One|Two)$/)]),
    );
    // Other callers dialled endpoints as before.
    expect(
      events(client, "DialBegin").some((packet) => packet.get("DestChannel")?.startsWith("PJSIP/")),
    ).toBe(true);
  });

  it("placeQueueCall: a caller waits while every member talks, is listed by QueueStatus, and abandons when its patience ends", async () => {
    fake = createFakeAsterisk({
      ...QUEUED,
      clock: "manual",
      queues: { support: { ...QUEUED.queues?.support, members: [{ interface: "Local/agent1@agents/n" }] } },
    });
    const client = await loggedInClient(fake.transport());
    const simulator = createCallSimulator({ fake, callsPerSecond: 0 });
    const first = simulator.placeQueueCall({
      destination: "support@queues",
      callerId: '"First" <5001>',
      patienceSeconds: 60,
    });
    await fake.advanceTime(2);
    expect(events(client, "AgentConnect").map((packet) => packet.get("Channel"))).toEqual([first.name]);

    const second = simulator.placeQueueCall({
      destination: "support@queues",
      callerId: '"Second" <5002>',
      patienceSeconds: 4,
    });
    expect(second.name).toMatch(/^Local\/support@queues-[0-9a-f]{8};2$/);
    await fake.advanceTime(1);
    const waiting = (await queueStatus(client, "qs-1")).filter((packet) => packet.name === "QueueEntry");
    expect(waiting.map((packet) => [packet.get("Channel"), packet.get("CallerIDNum")])).toEqual([
      [second.name, "5002"],
    ]);
    await fake.advanceTime(4);
    expect(events(client, "QueueCallerAbandon").map((packet) => packet.get("Channel"))).toEqual([
      second.name,
    ]);
    await fake.advanceTime(10);
    expect(events(client, "AgentComplete").map((packet) => packet.get("Reason"))).toEqual(["agent"]);
    const params = (await queueStatus(client, "qs-2")).find((packet) => packet.name === "QueueParams");
    expect([params?.get("Completed"), params?.get("Abandoned")]).toEqual(["1", "1"]);
    expect(simulator.stats).toMatchObject({ callsStarted: 2, queueCallsStarted: 2 });
  });

  it("pauses members with a reason and unpauses them, as QueuePause does", async () => {
    fake = createFakeAsterisk(QUEUED);
    const client = await loggedInClient(fake.transport());
    const simulator = createCallSimulator({
      fake,
      callsPerSecond: 0,
      queueTraffic: { destinations: ["support@queues"], pauseEveryMs: 5, pauseReasons: ["lunch"] },
    });
    expect(simulator.pauseMember("support", "Local/agent1@agents/n", true, "training")).toBe(true);
    expect(simulator.pauseMember("support", "Local/agent1@agents/n", true, "again")).toBe(false);
    expect(simulator.pauseMember("support", "Local/nobody@agents/n", true)).toBe(false);
    expect(simulator.pauseMember("nosuchqueue", "Local/agent1@agents/n", true)).toBe(false);
    await client.until(() => events(client, "QueueMemberPause").length === 1);
    const [byHand] = events(client, "QueueMemberPause");
    expect([byHand?.get("Interface"), byHand?.get("Paused"), byHand?.get("PausedReason")]).toEqual([
      "Local/agent1@agents/n",
      "1",
      "training",
    ]);
    expect(
      events(client, "DeviceStateChange").map((packet) => `${packet.get("Device")} ${packet.get("State")}`),
    ).toContain("Queue:support_pause_Local/agent1@agents/n INUSE");

    stopSimulator = () => simulator.stop();
    simulator.start();
    await client.until(() => events(client, "QueueMemberPause").length >= 6, 5_000);
    simulator.stop();
    // Each member alternates: paused with a reason, then unpaused with none.
    for (const member of ["Local/agent1@agents/n", "Local/agent2@agents/n"]) {
      const seen = events(client, "QueueMemberPause").filter((packet) => packet.get("Interface") === member);
      seen.forEach((packet, index) => {
        expect(packet.get("Paused")).toBe(index % 2 === 0 ? "1" : "0");
        expect(packet.get("PausedReason")).toBe(
          index % 2 === 1 ? "" : index === 0 && member.includes("agent1") ? "training" : "lunch",
        );
      });
    }
  });

  it("is refused without a fake, with a share outside 0–1, or with a destination the dialplan lacks", () => {
    const traffic = { destinations: ["support@queues"] };
    expect(() => createCallSimulator({ emit: () => {}, queueTraffic: traffic })).toThrow(
      "queueTraffic needs the simulator's `fake`",
    );
    const queued = createFakeAsterisk(QUEUED);
    fake = queued;
    expect(() => createCallSimulator({ fake: queued, queueTraffic: { ...traffic, share: 1.5 } })).toThrow(
      "queueTraffic.share must be within 0–1, not 1.5",
    );
    expect(() =>
      createCallSimulator({ fake: queued, queueTraffic: { destinations: ["sales@queues"] } }),
    ).toThrow('queueTraffic destination "sales@queues": the fake\'s dialplan has no such extension');
    expect(() => createCallSimulator({ emit: () => {} }).placeQueueCall()).toThrow(
      "queue calls need the simulator's `fake`",
    );
  });
});
