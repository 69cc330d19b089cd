import type { AmiPacket } from "@amikit/codec";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk } from "../index.ts";
import { loggedInClient, type WireClient } from "../test-support/wire-client.ts";

// A queue member's Status follows its device in every queue it is in (app_queue.c device_state_cb).

let fake: FakeAsterisk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const events = (client: WireClient, name: string, queue?: string): AmiPacket[] =>
  client.packets.filter(
    (packet) =>
      packet.type === "event" &&
      packet.name === name &&
      (queue === undefined || packet.get("Queue") === queue),
  );

async function originate(client: WireClient, exten: string, wait: string) {
  await client.action({
    Action: "Originate",
    ActionID: `orig-${exten}`,
    Channel: `Local/${exten}@test`,
    Async: "true",
    Application: "Wait",
    Data: wait,
    CallerID: `"Caller" <${exten}>`,
  });
}

async function memberOf(client: WireClient, queue: string, actionId: string): Promise<AmiPacket | undefined> {
  const before = client.packets.length;
  await client.action({ Action: "QueueStatus", ActionID: actionId, Queue: queue });
  await client.until(() =>
    client.packets
      .slice(before)
      .some((p) => p.name === "QueueStatusComplete" && p.get("ActionID") === actionId),
  );
  return client.packets.slice(before).find((p) => p.name === "QueueMember" && p.get("ActionID") === actionId);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/**
 * Queues `a` (ringinuse=no) and `b` with the same one member, `Local/agent@agents/n`, who answers and
 * stays 4 s; `qa` and `qb` in context `test` send a caller to each.
 */
function twoQueuesSharingAnAgent({ ringinuseInB }: { ringinuseInB: boolean }): FakeAsterisk {
  return createFakeAsterisk({
    clock: "manual",
    queues: {
      a: { ringinuse: false, timeout: 5, retry: 1, members: [{ interface: "Local/agent@agents/n" }] },
      b: { ringinuse: ringinuseInB, timeout: 5, retry: 1, members: [{ interface: "Local/agent@agents/n" }] },
    },
    dialplan: {
      test: { qa: [["Queue", "a"], ["Hangup"]], qb: [["Queue", "b"], ["Hangup"]] },
      agents: { agent: [["Answer"], ["Wait", "4"], ["Hangup"]] },
    },
  });
}

describe("a queue member's state comes from its device, across queues", () => {
  it("an agent in a call from queue a is Status 2 in queue b, which does not ring it (ringinuse=no) until it is free", async () => {
    fake = twoQueuesSharingAnAgent({ ringinuseInB: false });
    const client = await loggedInClient(fake.transport());
    await originate(client, "qa", "30");
    await client.until(() => events(client, "AgentConnect", "a").length === 1);
    await settle();
    // Queue b hears of the device too: QueueMemberStatus Status 2 there (its own member is not InCall).
    expect(events(client, "QueueMemberStatus", "b").map((p) => [p.get("Status"), p.get("InCall")])).toEqual([
      ["2", "0"],
    ]);
    const inB = await memberOf(client, "b", "qs1");
    expect([inB?.get("Status"), inB?.get("InCall")]).toEqual(["2", "0"]);

    await originate(client, "qb", "30");
    await client.until(() => events(client, "QueueCallerJoin", "b").length === 1);
    await fake.advanceTime(2);
    await settle();
    expect(events(client, "AgentCalled", "b")).toEqual([]);

    // The agent hangs up in a: its device is free in b too, and b's waiting caller is rung.
    await fake.advanceTime(3);
    await client.until(() => events(client, "AgentComplete", "a").length === 1);
    await client.until(() => events(client, "QueueMemberStatus", "b").some((p) => p.get("Status") === "1"));
    await fake.advanceTime(1);
    await client.until(() => events(client, "AgentCalled", "b").length === 1);
    expect(events(client, "AgentCalled", "b")[0]?.get("Interface")).toBe("Local/agent@agents/n");
  });

  it("queue b with ringinuse=yes rings the agent while its call from queue a goes on", async () => {
    fake = twoQueuesSharingAnAgent({ ringinuseInB: true });
    const client = await loggedInClient(fake.transport());
    await originate(client, "qa", "30");
    await client.until(() => events(client, "AgentConnect", "a").length === 1);
    await originate(client, "qb", "30");
    await client.until(() => events(client, "AgentCalled", "b").length === 1);
    expect(events(client, "AgentComplete", "a")).toEqual([]);
    expect(events(client, "QueueMemberStatus", "b").map((p) => p.get("Status"))).toEqual(["2"]);
  });

  it("a member removed and added back while its call goes on starts with its device's state, then follows it", async () => {
    fake = createFakeAsterisk({
      clock: "manual",
      queues: { q: { ringinuse: false, timeout: 5, retry: 1 } },
      dialplan: {
        test: { queue: [["Queue", "q"], ["Hangup"]] },
        agents: { dyn: [["Answer"], ["Wait", "4"], ["Hangup"]] },
      },
    });
    const client = await loggedInClient(fake.transport());
    const iface = "Local/dyn@agents/n";
    await client.action({ Action: "QueueAdd", ActionID: "add1", Queue: "q", Interface: iface });
    await originate(client, "queue", "30");
    await client.until(() => events(client, "AgentConnect").length === 1);
    await client.action({ Action: "QueueRemove", ActionID: "rm", Queue: "q", Interface: iface });
    await client.action({ Action: "QueueAdd", ActionID: "add2", Queue: "q", Interface: iface });
    await client.until(() => events(client, "QueueMemberAdded").length === 2);
    const readded = events(client, "QueueMemberAdded")[1];
    // create_queue_member reads the device: INUSE; in_call belongs to the old member (UNVERIFIED).
    expect([readded?.get("Status"), readded?.get("InCall")]).toEqual(["2", "0"]);
    const listed = await memberOf(client, "q", "qs1");
    expect(listed?.get("Status")).toBe("2");

    await fake.advanceTime(5);
    await client.until(() => events(client, "AgentComplete").length === 1);
    await client.until(() => events(client, "QueueMemberStatus").some((p) => p.get("Status") === "1"));
    const after = await memberOf(client, "q", "qs2");
    expect([after?.get("Status"), after?.get("InCall"), after?.get("CallsTaken")]).toEqual(["1", "0", "0"]);
  });
});
