import { type HeaderPairs, serverPackets } from "@amikit/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { type RecordedAsterisk, startRecordedAsterisk } from "../test-support/recorded-asterisk.ts";
import { assertBuilt, finished, runBinary, startBinary, waitForOutput } from "../test-support/run-binary.ts";

// `amikit top` against a real server's traffic: the snapshot actions it sends are answered with what the
// recorded Asterisk 22 answered (recorded-asterisk.ts), and the view must show what the recording had.

let server: RecordedAsterisk | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function recorded(name: string, answers: Parameters<typeof startRecordedAsterisk>[1]) {
  assertBuilt();
  server = await startRecordedAsterisk(name, answers);
  return server;
}

/** The items of the recorded answer to `actionId` called `event`, as header records (first value kept). */
function items(name: string, actionId: string, event: string): Record<string, string>[] {
  return serverPackets(name)
    .filter((headers: HeaderPairs) =>
      headers.some(([key, value]) => key === "ActionID" && value === actionId),
    )
    .filter((headers) => headers[0]?.[0] === "Event" && headers[0][1] === event)
    .map((headers) => {
      const record: Record<string, string> = {};
      for (const [key, value] of headers) record[key] ??= value;
      return record;
    });
}

interface ChannelDocument {
  uniqueid: string;
  linkedid: string;
  name: string;
  state: string;
  application: string;
  bridge: string | null;
}

describe("amikit top against a recorded Asterisk 22 (bridge-two-party.jsonl)", () => {
  const name = "bridge-two-party";
  const answers = { CoreShowChannels: "csc-1", BridgeList: "bl-1", BridgeInfo: ["bi-1", "bi-2"] };

  it("--once --json shows the recorded channels as one call and the recorded bridge with its members", async () => {
    const pbx = await recorded(name, answers);
    const result = await runBinary([
      "top",
      "--once",
      "--json",
      "--domains",
      "calls,bridges",
      "--url",
      pbx.url,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // Every snapshot action top sent was answered from the recording.
    expect([...pbx.answered].sort()).toEqual([
      "BridgeInfo bi-1",
      "BridgeList bl-1",
      "CoreShowChannels csc-1",
    ]);
    expect(pbx.unanswered).toEqual([]);

    const document = JSON.parse(result.stdout);
    const channels = items(name, "csc-1", "CoreShowChannel");
    expect(channels).toHaveLength(4);
    expect(
      (document.channels as ChannelDocument[])
        .map((channel) => [
          channel.uniqueid,
          channel.linkedid,
          channel.name,
          channel.state,
          channel.application,
        ])
        .sort(),
    ).toEqual(
      channels
        .map((item) => [item.Uniqueid, item.Linkedid, item.Channel, item.ChannelStateDesc, item.Application])
        .sort(),
    );
    // One call (the Local channels share the originated ;1's Linkedid), holding the four channels.
    const linkedids = [...new Set(channels.map((item) => item.Linkedid))];
    expect(document.calls.map((call: { linkedid: string }) => call.linkedid)).toEqual(linkedids);
    expect([...document.calls[0].channels].sort()).toEqual(channels.map((item) => item.Uniqueid).sort());
    // The bridge BridgeList listed, with the members BridgeInfo named.
    const [listed] = items(name, "bl-1", "BridgeListItem");
    const members = items(name, "bi-1", "BridgeInfoChannel").map((item) => item.Uniqueid);
    expect(document.bridges).toEqual([
      expect.objectContaining({
        uniqueid: listed?.BridgeUniqueid,
        type: listed?.BridgeType,
        technology: listed?.BridgeTechnology,
        members: expect.arrayContaining(members),
      }),
    ]);
    expect(document.bridges[0].members).toHaveLength(members.length);
  });

  it("--once prints the recorded call and bridge as tables", async () => {
    const pbx = await recorded(name, answers);
    const result = await runBinary(["top", "--once", "--domains", "calls,bridges", "--url", pbx.url]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines).toContain("CALLS (1)");
    // The originated ;1 first (the call's Linkedid), then the others.
    expect(lines.find((line) => line.startsWith("1796247764.0 "))).toMatch(
      /^1796247764\.0\s+\d:\d\d\s+up\s+Alice <1001>\s+Local\/bridge@test-00000000;1 → .*Local\/talk@test-00000001;2/,
    );
    const [listed] = items(name, "bl-1", "BridgeListItem");
    expect(lines.find((line) => line.startsWith(listed?.BridgeUniqueid ?? "?"))).toMatch(
      /basic\s+simple_bridge\s+2: Local\/bridge@test-00000000;2, Local\/talk@test-00000001;1$/,
    );
  });
});

interface QueueDocument {
  name: string;
  strategy: string;
  stats: Record<string, number>;
  members: Record<
    string,
    { name: string; inCall: boolean; status: number; paused: boolean; pausedReason: string }
  >;
  entries: Record<string, { channel: string; callerId: { number: string; name: string } }>;
}

describe("amikit top against a recorded Asterisk 22 (queue-call.jsonl)", () => {
  const name = "queue-call";

  it("--once --json shows the recorded queues and members (QueueStatus answered as qs-2: Agent Two in a call)", async () => {
    const pbx = await recorded(name, { QueueStatus: "qs-2" });
    const result = await runBinary(["top", "--once", "--json", "--domains", "queues", "--url", pbx.url]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(pbx.answered).toEqual(["QueueStatus qs-2"]);
    const queues = JSON.parse(result.stdout).queues as QueueDocument[];
    const params = items(name, "qs-2", "QueueParams");
    expect(queues.map((queue) => [queue.name, queue.strategy])).toEqual(
      params.map((item) => [item.Queue, item.Strategy]),
    );
    for (const member of items(name, "qs-2", "QueueMember")) {
      const queue = queues.find((entry) => entry.name === member.Queue);
      expect(queue?.members[member.Location ?? ""]).toMatchObject({
        name: member.Name,
        status: Number(member.Status),
        inCall: member.InCall === "1",
        paused: member.Paused === "1",
      });
    }
    expect(queues.find((queue) => queue.name === "support")?.members["Local/agent2@agents/n"]?.inCall).toBe(
      true,
    );
  });

  it("--once shows a recorded waiting caller (QueueStatus answered as qs-4, which asked for sales only)", async () => {
    const pbx = await recorded(name, { QueueStatus: "qs-4" });
    const result = await runBinary(["top", "--once", "--domains", "queues", "--url", pbx.url]);
    expect(result.code).toBe(0);
    const [entry] = items(name, "qs-4", "QueueEntry");
    expect(entry).toMatchObject({ Queue: "sales", CallerIDName: "Impatient" });
    const lines = result.stdout.split("\n");
    expect(lines.find((line) => line.startsWith("sales "))).toMatch(/^sales\s+rrmemory\s+1\s+\d:\d\d\s+0\/0/);
    expect(lines).toContain("AGENTS (1)");
    expect(lines.find((line) => line.includes("Slow Agent"))).toMatch(
      /^sales\s+Slow Agent\s+(available|in call)\s+0\s+Local\/agent3@agents\/n$/,
    );
    expect(lines).toContain("WAITING (1)");
    expect(lines.find((line) => line.endsWith(entry?.Channel ?? "?"))).toMatch(
      /^sales\s+1\s+\d:\d\d\s+Impatient <5002>\s+Local\/salesq@test-[0-9a-f]{8};2$/,
    );
  });

  it("follows the recorded queue events after the snapshot: members added, paused with a reason and removed, callers abandoning", async () => {
    const pbx = await recorded(name, { QueueStatus: "qs-2" });
    const child = startBinary(["top", "--json", "--domains", "queues", "--url", pbx.url]);
    await waitForOutput(child, /"type":"snapshot"/);
    const played = pbx.playEvents("qs-2");
    expect(played).toBeGreaterThan(100);
    // The recording ends with the second sales caller abandoning: wait until sales has no caller left.
    await waitForOutput(child, /"name":"sales".*"abandoned":2.*"entries":\{\}/);
    child.kill("SIGINT");
    const result = await finished(child);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const states = new Map<string, QueueDocument>(
      (lines[0].queues as QueueDocument[]).map((queue) => [queue.name, queue]),
    );
    const history: QueueDocument[] = [];
    for (const line of lines.slice(1)) {
      for (const change of line.changes) {
        expect(change.collection).toBe("queues");
        if (change.after === null) states.delete(change.key);
        else {
          states.set(change.key, change.after);
          history.push(change.after);
        }
      }
    }
    // What the recording did in between: Temp Agent added, paused for "lunch break", removed; callers waited.
    const temp = history
      .map((queue) => queue.members["Local/agent9@agents/n"])
      .filter((member) => member !== undefined);
    expect(temp.map((member) => member.name)).toContain("Temp Agent");
    expect(temp.some((member) => member.paused && member.pausedReason === "lunch break")).toBe(true);
    expect(
      history.some((queue) =>
        Object.values(queue.entries).some((entry) => entry.callerId.name === "Impatient"),
      ),
    ).toBe(true);
    // And where it ended, as its last QueueSummary (qsum-5) and the completed/abandoned calls show. (Not
    // its TalkTime: app_queue's running average is only read from snapshots by @amikit/live.)
    const summaries = items(name, "qsum-5", "QueueSummary");
    for (const summary of summaries) {
      const queue = states.get(summary.Queue ?? "");
      expect(Object.keys(queue?.entries ?? {})).toHaveLength(Number(summary.Callers));
      expect(Object.keys(queue?.members ?? {})).toHaveLength(Number(summary.LoggedIn));
    }
    expect(states.get("support")?.stats).toMatchObject({ completed: 1, abandoned: 0 });
    expect(states.get("sales")?.stats).toMatchObject({ completed: 0, abandoned: 2 });
    expect(Object.values(states.get("support")?.members ?? {}).every((member) => !member.inCall)).toBe(true);
  });
});

describe("amikit top against a recorded Asterisk 22 (conference.jsonl)", () => {
  it("--once --json shows the recorded conference and its participants", async () => {
    const name = "conference";
    const pbx = await recorded(name, { ConfbridgeListRooms: "cblr-1", ConfbridgeList: ["cbl-1", "cbl-2"] });
    const result = await runBinary(["top", "--once", "--json", "--domains", "conferences", "--url", pbx.url]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect([...pbx.answered].sort()).toEqual(["ConfbridgeList cbl-1", "ConfbridgeListRooms cblr-1"]);
    const conferences = JSON.parse(result.stdout).conferences as {
      name: string;
      participants: Record<string, { channel: string }>;
    }[];
    const rooms = items(name, "cblr-1", "ConfbridgeListRooms");
    expect(conferences.map((conference) => conference.name)).toEqual(rooms.map((room) => room.Conference));
    expect(
      Object.values(conferences[0]?.participants ?? {})
        .map((participant) => participant.channel)
        .sort(),
    ).toEqual(
      items(name, "cbl-1", "ConfbridgeList")
        .map((item) => item.Channel)
        .sort(),
    );
  });
});
