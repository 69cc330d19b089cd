import { splitServerText, type TranscriptEntry, transcriptEntries } from "@amikit/test-support";
import { afterEach, describe, expect, it } from "vitest";
import {
  createFakeAsterisk,
  type FakeAsterisk,
  FakeAsteriskError,
  type FakeAsteriskOptions,
} from "../index.ts";
import {
  clientWritesWithProgress,
  normalizePackets,
  recordedServerPackets,
} from "../test-support/recorded-comparison.ts";
import { loggedInClient, WireClient } from "../test-support/wire-client.ts";
import { TRANSCRIPT_QUEUES } from "./queue-config.ts";

let fake: FakeAsterisk | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Masks the clock times a member carries (LoginTime, a LastPause once set): the wall clock's seconds. */
const maskTimes = (packets: readonly string[]) =>
  normalizePackets(packets).map((packet) =>
    packet.replace(/^(LoginTime|LastPause): [1-9]\d{8,}\r$/gm, "$1: <time>\r"),
  );

/** Plays the given entries' client writes against a fresh fake; returns what each side sent. */
async function playPart(entries: readonly TranscriptEntry[]) {
  fake = createFakeAsterisk({ queues: TRANSCRIPT_QUEUES });
  const client = await WireClient.memory(fake.transport());
  const recorded = recordedServerPackets(entries);
  for (const write of clientWritesWithProgress(entries)) {
    await client.packetCount(write.after);
    await client.send(write.text);
  }
  await client.packetCount(recorded.length);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const actual = splitServerText(client.text);
  client.close();
  return { recorded, actual };
}

describe("queue-call.jsonl's queue actions, played against the recorded server's queues", () => {
  const entries = transcriptEntries("queue-call");

  it("answers the login and the first QueueStatus (the configured support queue) byte for byte", async () => {
    // Entries 0–5: greeting, Login, QueueStatus support before any call.
    const { recorded, actual } = await playPart(entries.slice(0, 6));
    expect(maskTimes(actual)).toEqual(maskTimes(recorded));
  });

  it("adds, pauses (with a reason), lists, unpauses, sets the penalty of and removes a member, as recorded", async () => {
    // Entries 25–46: QueueAdd, QueuePause, QueueStatus Member:, QueuePause false, QueuePenalty, QueuePause
    // in every queue, QueueRemove twice, QueueAdd to a queue that does not exist — after the login.
    const part = [...entries.slice(0, 4), ...entries.slice(25, 47)];
    const { recorded, actual } = await playPart(part);
    // The recorded server had completed one call before (not modelled): its QueueParams counted it.
    const callCounters = (packets: string[]) =>
      packets.map((packet) =>
        packet.startsWith("Event: QueueParams\r\n")
          ? packet.replace(/^(TalkTime|Completed|ServicelevelPerf2?): .*\r$/gm, "$1: <call>\r")
          : packet,
      );
    expect(callCounters(maskTimes(actual))).toEqual(callCounters(maskTimes(recorded)));
    expect(actual.find((packet) => packet.startsWith("Event: QueueParams"))).toContain("TalkTime: 0\r\n");
  });
});

describe("queue actions (apps/app_queue.c)", () => {
  async function start(options: FakeAsteriskOptions = { queues: TRANSCRIPT_QUEUES }) {
    fake = createFakeAsterisk(options);
    return loggedInClient(fake.transport());
  }

  async function ask(client: WireClient, fields: Record<string, string>) {
    const id = fields.ActionID as string;
    await client.action(fields);
    return client.response(id);
  }

  const eventsNamed = (client: WireClient, name: string) =>
    client.packets.filter((packet) => packet.type === "event" && packet.name === name);

  it("refuses what app_queue refuses, with its messages", async () => {
    const client = await start();
    const cases: [Record<string, string>, string][] = [
      [{ Action: "QueueAdd", Interface: "PJSIP/a" }, "'Queue' not specified."],
      [{ Action: "QueueAdd", Queue: "support" }, "'Interface' not specified."],
      [
        { Action: "QueueAdd", Queue: "support", Interface: "Local/agent1@agents/n" },
        "Unable to add interface: Already there",
      ],
      [{ Action: "QueueRemove", Queue: "support" }, "Need 'Queue' and 'Interface' parameters."],
      [
        { Action: "QueueRemove", Queue: "nope", Interface: "PJSIP/a" },
        "Unable to remove interface from queue: No such queue",
      ],
      [{ Action: "QueueRemove", Queue: "support", Interface: "Local/agent1@agents/n" }, "Member not dynamic"],
      [{ Action: "QueuePause", Interface: "PJSIP/a" }, "Need 'Interface' and 'Paused' parameters."],
      [{ Action: "QueuePause", Interface: "PJSIP/a", Paused: "true" }, "Interface not found"],
      [
        { Action: "QueuePause", Queue: "sales", Interface: "Local/agent1@agents/n", Paused: "true" },
        "Interface not found",
      ],
      [
        { Action: "QueuePenalty", Interface: "Local/agent1@agents/n" },
        "Need 'Interface' and 'Penalty' parameters.",
      ],
      [
        { Action: "QueuePenalty", Interface: "Local/agent1@agents/n", Penalty: "-1" },
        "Invalid interface, queuename or penalty",
      ],
      [
        { Action: "QueuePenalty", Interface: "PJSIP/a", Penalty: "2" },
        "Invalid interface, queuename or penalty",
      ],
    ];
    for (const [index, [fields, message]] of cases.entries()) {
      const response = await ask(client, { ...fields, ActionID: `e${index}` });
      expect([response.get("Response"), response.get("Message")]).toEqual(["Error", message]);
    }
    expect(eventsNamed(client, "QueueMemberAdded")).toHaveLength(0);
  });

  it("pauses an interface in every queue it is in when no queue is named, one event per queue", async () => {
    const client = await start();
    await ask(client, {
      Action: "QueueAdd",
      ActionID: "a",
      Queue: "sales",
      Interface: "Local/agent1@agents/n",
    });
    const response = await ask(client, {
      Action: "QueuePause",
      ActionID: "p",
      Interface: "Local/agent1@agents/n",
      Paused: "yes",
      Reason: "break",
    });
    expect(response.get("Message")).toBe("Interface paused successfully");
    await client.until(() => eventsNamed(client, "QueueMemberPause").length === 2);
    const pauses = eventsNamed(client, "QueueMemberPause");
    expect(
      pauses.map((event) => [event.get("Queue"), event.get("Membership"), event.get("PausedReason")]),
    ).toEqual([
      ["support", "static", "break"],
      ["sales", "dynamic", "break"],
    ]);
  });

  it("counts paused members out of Available and filters QueueStatus by member name", async () => {
    const client = await start();
    await ask(client, {
      Action: "QueuePause",
      ActionID: "p",
      Queue: "support",
      Interface: "Local/agent2@agents/n",
      Paused: "1",
    });
    await ask(client, { Action: "QueueSummary", ActionID: "s", Queue: "SUPPORT" });
    await client.until(() => eventsNamed(client, "QueueSummaryComplete").length === 1);
    const summary = eventsNamed(client, "QueueSummary")[0];
    expect([summary?.get("Queue"), summary?.get("LoggedIn"), summary?.get("Available")]).toEqual([
      "support",
      "2",
      "1",
    ]);
    await ask(client, { Action: "QueueStatus", ActionID: "st", Member: "Agent Two" });
    await client.until(() => eventsNamed(client, "QueueStatusComplete").length === 1);
    const members = eventsNamed(client, "QueueMember");
    expect(members.map((member) => [member.get("Queue"), member.get("Name"), member.get("Paused")])).toEqual([
      ["support", "Agent Two", "1"],
    ]);
    // Both queues' QueueParams and the one member.
    expect(eventsNamed(client, "QueueStatusComplete")[0]?.get("ListItems")).toBe("3");
  });

  it("serves the queues it is configured with, and needs class agent to change members", async () => {
    fake = createFakeAsterisk({
      queues: { helpdesk: { strategy: "leastrecent", members: [{ interface: "PJSIP/alice", penalty: 2 }] } },
    });
    const admin = await loggedInClient(fake.transport());
    await ask(admin, { Action: "QueueStatus", ActionID: "s" });
    await admin.until(() => eventsNamed(admin, "QueueStatusComplete").length === 1);
    const params = eventsNamed(admin, "QueueParams");
    expect(params.map((item) => [item.get("Queue"), item.get("Strategy")])).toEqual([
      ["helpdesk", "leastrecent"],
    ]);
    const member = eventsNamed(admin, "QueueMember")[0];
    expect([member?.get("Name"), member?.get("Location"), member?.get("Penalty")]).toEqual([
      "PJSIP/alice",
      "PJSIP/alice",
      "2",
    ]);
    const reader = await loggedInClient(fake.transport(), "reader", "readpass");
    const denied = await ask(reader, {
      Action: "QueueAdd",
      ActionID: "d",
      Queue: "helpdesk",
      Interface: "PJSIP/bob",
    });
    expect(denied.get("Message")).toBe("Permission denied");
    const allowed = await ask(reader, { Action: "QueueSummary", ActionID: "q" });
    expect(allowed.get("Response")).toBe("Success");
  });
});

describe("a fake without queues", () => {
  it("lists none and refuses members for any queue", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "QueueStatus", ActionID: "s" });
    const complete = () =>
      client.packets.find((packet) => packet.type === "event" && packet.name === "QueueStatusComplete");
    await client.until(() => complete() !== undefined);
    expect(complete()?.get("ListItems")).toBe("0");
    await client.action({ Action: "QueueAdd", ActionID: "a", Queue: "support", Interface: "PJSIP/a" });
    expect((await client.response("a")).get("Message")).toBe(
      "Unable to add interface to queue: No such queue",
    );
  });
});

describe("a member whose state interface is a custom device", () => {
  it("takes the device's state as its Status (UNKNOWN until set)", async () => {
    fake = createFakeAsterisk({ queues: TRANSCRIPT_QUEUES, deviceStates: { "Custom:agent8": "BUSY" } });
    const client = await loggedInClient(fake.transport());
    for (const [id, device] of [
      ["a8", "Custom:agent8"],
      ["a9", "Custom:agent9"],
    ] as const) {
      await client.action({
        Action: "QueueAdd",
        ActionID: id,
        Queue: "sales",
        Interface: `Local/${id}@agents/n`,
        StateInterface: device,
      });
      await client.response(id);
    }
    const added = () =>
      client.packets.filter((packet) => packet.type === "event" && packet.name === "QueueMemberAdded");
    await client.until(() => added().length === 2);
    expect(added().map((event) => [event.get("StateInterface"), event.get("Status")])).toEqual([
      ["Custom:agent8", "3"],
      ["Custom:agent9", "0"],
    ]);
  });
});

describe("queue options the fake cannot load", () => {
  it("throw a FakeAsteriskError naming the queue and the setting", () => {
    const bad: [NonNullable<FakeAsteriskOptions["queues"]>, RegExp][] = [
      [{ q: { strategy: "roundrobin" as never } }, /Queue "q": unknown strategy "roundrobin"/],
      [{ q: { members: [{ interface: "" }] } }, /Queue "q": every member needs an interface/],
      [{ q: { members: [{ interface: "PJSIP/a", penalty: -1 }] } }, /member PJSIP\/a: penalty/],
      [{ q: { members: [{ interface: "PJSIP/a" }, { interface: "pjsip/A" }] } }, /listed twice/],
      [{ q: { servicelevel: 1.5 } }, /servicelevel must be a whole number/],
      [{ "": {} }, /the name must be a non-empty line/],
    ];
    for (const [queues, message] of bad) {
      expect(() => createFakeAsterisk({ queues })).toThrow(FakeAsteriskError);
      expect(() => createFakeAsterisk({ queues })).toThrow(message);
    }
  });
});

describe("QueueMemberRingInUse, QueueLog and QueueReset (apps/app_queue.c)", () => {
  it("answer with app_queue's messages; ringinuse changes show in QueueMemberRinginuse", async () => {
    fake = createFakeAsterisk({ queues: TRANSCRIPT_QUEUES });
    const client = await loggedInClient(fake.transport());
    const ask = async (fields: Record<string, string>) => {
      await client.action(fields);
      const response = await client.response(fields.ActionID as string);
      return `${response.get("Response")}: ${response.get("Message")}`;
    };
    const agent3 = "Local/agent3@agents/n";
    expect(await ask({ Action: "QueueMemberRingInUse", ActionID: "1", Interface: agent3 })).toBe(
      "Error: Need 'Interface' and 'RingInUse' parameters.",
    );
    expect(
      await ask({ Action: "QueueMemberRingInUse", ActionID: "2", Interface: agent3, RingInUse: "maybe" }),
    ).toBe("Error: 'RingInUse' parameter must be a truth value (yes/no, on/off, 0/1, etc)");
    expect(
      await ask({ Action: "QueueMemberRingInUse", ActionID: "3", Interface: "PJSIP/x", RingInUse: "yes" }),
    ).toBe("Error: Invalid interface, queuename, or ringinuse value");
    expect(
      await ask({ Action: "QueueMemberRingInUse", ActionID: "4", Interface: agent3, RingInUse: "on" }),
    ).toBe("Success: Interface ringinuse set successfully");
    const changed = () =>
      client.packets.filter((packet) => packet.type === "event" && packet.name === "QueueMemberRinginuse");
    await client.until(() => changed().length === 1);
    expect([changed()[0]?.get("Queue"), changed()[0]?.get("Ringinuse")]).toEqual(["sales", "1"]);
    expect(await ask({ Action: "QueueLog", ActionID: "5", Queue: "sales" })).toBe(
      "Error: Need 'Queue' and 'Event' parameters.",
    );
    expect(await ask({ Action: "QueueLog", ActionID: "6", Queue: "sales", Event: "CUSTOM" })).toBe(
      "Success: Event added successfully",
    );
    expect(await ask({ Action: "QueueReset", ActionID: "7", Queue: "sales" })).toBe(
      "Success: Queue stats reset successfully",
    );
  });
});
