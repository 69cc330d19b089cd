import { type AmiClient, createClient } from "@amikit/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripAnsi } from "../format/colour.ts";
import { type SimulatedAsterisk, startSimulatedAsterisk } from "../simulator/simulated-asterisk.ts";
import { eventually, urlOf } from "../test-support/fake-server.ts";
import { ptyAvailable, spawnInPty } from "../test-support/pty.ts";
import {
  assertBuilt,
  binPath,
  cleanEnv,
  finished,
  runBinary,
  startBinary,
  waitForOutput,
} from "../test-support/run-binary.ts";

// The simulator's queues (simulated-queues.ts) at half real time: support's agents ring 2–4 s and talk
// 8–16 s, so 1–2 s and 4–8 s here (a call in progress outlasts two `top --once` runs on a busy machine). Nothing happens by itself (no generated calls, no pauses): the
// tests pause members and send callers in by hand, and watch the queue events through a client.
const SCALE = 0.5;
const AGENT = {
  ann: "Local/agent1@agents/n",
  bo: "Local/agent2@agents/n",
  cy: "Local/agent3@agents/n",
  dan: "Local/agent4@agents/n",
  eve: "Local/agent5@agents/n",
};

let simulation: SimulatedAsterisk;
let client: AmiClient;
const seen: { event: string; queue: string; member: string; channel: string }[] = [];

beforeAll(async () => {
  assertBuilt();
  simulation = await startSimulatedAsterisk({ port: 0, callsPerSecond: 0, timeScale: SCALE });
  client = createClient({
    transport: simulation.fake.transport(),
    username: "admin",
    secret: "amipass",
    reconnect: false,
  });
  await client.connect();
  client.events$.subscribe((event) => {
    if (!["AgentConnect", "AgentComplete", "QueueCallerJoin"].includes(String(event.Event))) return;
    seen.push({
      event: String(event.Event),
      queue: String(event.Queue),
      member: String(event.MemberName ?? ""),
      channel: String(event.Channel),
    });
  });
});

afterAll(async () => {
  await client?.close();
  await simulation?.close();
});

const count = (event: string) => seen.filter((entry) => entry.event === event).length;

interface QueueDocument {
  name: string;
  strategy: string;
  stats: { completed: number; abandoned: number; serviceLevel: number };
  members: Record<
    string,
    {
      name: string;
      paused: boolean;
      pausedReason: string;
      inCall: boolean;
      status: number;
      callsTaken: number;
    }
  >;
  entries: Record<string, { channel: string; position: number; callerId: { number: string; name: string } }>;
}

// Calls play out in (half) real time: each test takes 5–10 s, more on a busy machine.
describe("amikit top on the simulator's queues", { timeout: 60_000 }, () => {
  it("--once and --json show the queues with their agents (in call, paused with a reason), a waiting caller and an answered call", async () => {
    const { simulator } = simulation;
    // sales has nobody to answer; in support only Cy (3 s ring, 8 s talk) answers the first call.
    expect(simulator.pauseMember("sales", AGENT.dan, true, "lunch")).toBe(true);
    expect(simulator.pauseMember("sales", AGENT.eve, true, "meeting")).toBe(true);
    simulator.pauseMember("support", AGENT.ann, true, "break");
    simulator.pauseMember("support", AGENT.bo, true, "training");
    simulator.placeQueueCall({
      destination: "support@queues",
      callerId: '"First Caller" <5550001>',
      patienceSeconds: 600,
    });
    await eventually(() => count("AgentComplete") === 1, 20_000);
    // Then Bo (4 s ring, 16 s talk) takes the next support call, while a sales caller waits.
    simulator.pauseMember("support", AGENT.cy, true, "wrap-up");
    simulator.pauseMember("support", AGENT.bo, false);
    simulator.placeQueueCall({
      destination: "support@queues",
      callerId: '"Second Caller" <5550002>',
      patienceSeconds: 600,
    });
    const waiting = simulator.placeQueueCall({
      destination: "sales@queues",
      callerId: '"Waiting Wendy" <5550003>',
      patienceSeconds: 600,
    });
    await eventually(() => count("AgentConnect") === 2, 20_000);

    const [json, text] = await Promise.all([
      runBinary(["top", "--once", "--json", "--domains", "queues", "--url", urlOf(simulation)]),
      runBinary(["top", "--once", "--url", urlOf(simulation)]),
    ]);
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    const queues = new Map<string, QueueDocument>(
      (JSON.parse(json.stdout).queues as QueueDocument[]).map((queue) => [queue.name, queue]),
    );
    expect([...queues.keys()].sort()).toEqual(["sales", "support"]);
    const support = queues.get("support") as QueueDocument;
    expect(support).toMatchObject({
      strategy: "ringall",
      stats: { completed: 1, abandoned: 0, serviceLevel: 20 },
    });
    expect(support.entries).toEqual({});
    expect(support.members[AGENT.ann]).toMatchObject({
      name: "Ann Lee",
      paused: true,
      pausedReason: "break",
    });
    expect(support.members[AGENT.bo]).toMatchObject({
      name: "Bo Chen",
      paused: false,
      inCall: true,
      status: 2,
    });
    expect(support.members[AGENT.cy]).toMatchObject({ paused: true, pausedReason: "wrap-up", callsTaken: 1 });
    const sales = queues.get("sales") as QueueDocument;
    expect(Object.values(sales.members).map((member) => [member.name, member.pausedReason])).toEqual([
      ["Dan Evans", "lunch"],
      ["Eve Fox", "meeting"],
    ]);
    expect(Object.values(sales.entries)).toEqual([
      expect.objectContaining({
        channel: waiting.name,
        position: 1,
        callerId: { number: "5550003", name: "Waiting Wendy" },
      }),
    ]);

    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    const lines = text.stdout.split("\n");
    expect(lines).toContain("QUEUES (2)");
    expect(lines.find((line) => line.startsWith("support "))).toMatch(
      /^support\s+ringall\s+0\s+-\s+1\/0\s+100%\s+3 \(1 in call, 2 paused\)$/,
    );
    expect(lines.find((line) => line.startsWith("sales "))).toMatch(
      /^sales\s+rrmemory\s+1\s+0:0\d\s+0\/0\s+0%\s+2 \(2 paused\)$/,
    );
    const agents = lines.slice(lines.indexOf("AGENTS (5)") + 2, lines.indexOf("AGENTS (5)") + 7);
    expect(agents.map((line) => line.split(/\s{2,}/))).toEqual([
      ["sales", "Dan Evans", "paused: lunch", "0", AGENT.dan],
      ["sales", "Eve Fox", "paused: meeting", "0", AGENT.eve],
      ["support", "Ann Lee", "paused: break", "0", AGENT.ann],
      ["support", "Bo Chen", "in call", "0", AGENT.bo],
      ["support", "Cy Diaz", "paused: wrap-up", "1", AGENT.cy],
    ]);
    expect(lines).toContain("WAITING (1)");
    expect(lines.find((line) => line.startsWith("sales ") && line.endsWith(waiting.name))).toMatch(
      /^sales\s+1\s+0:0\d\s+Waiting Wendy <5550003>\s+Local\/sales@queues-[0-9a-f]{8};2$/,
    );
    // The calls section shows the answered call: the caller's Local channels, then Bo's.
    expect(lines.some((line) => /\bup\b.*Second Caller <5550002>.*Local\/agent2@agents-/.test(line))).toBe(
      true,
    );
  });

  it("--json, following, reports a caller joining support, an agent taking the call, and the call completed", async () => {
    const { simulator } = simulation;
    const child = startBinary(["top", "--json", "--domains", "queues", "--url", urlOf(simulation)]);
    await waitForOutput(child, /"type":"snapshot"/);
    const before = count("AgentComplete");
    // Cy alone may answer (3 s ring, 8 s talk).
    simulator.pauseMember("support", AGENT.ann, true, "break");
    simulator.pauseMember("support", AGENT.bo, true, "training");
    simulator.pauseMember("support", AGENT.cy, false);
    const caller = simulator.placeQueueCall({
      destination: "support@queues",
      callerId: '"Follow Me" <5550004>',
      patienceSeconds: 600,
    });
    await eventually(() => count("AgentComplete") === before + 1, 20_000);
    // Cy's QueueMemberStatus (out of the call, a second call taken) follows AgentComplete: the last change.
    await waitForOutput(child, /"callsTaken":2/);
    child.kill("SIGINT");
    const result = await finished(child);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const support = lines
      .flatMap((line) => line.changes ?? [])
      .filter((change) => change.collection === "queues" && change.key === "support")
      .map((change) => change.after as QueueDocument);
    const joined = support.findIndex((queue) =>
      Object.values(queue.entries).some((e) => e.channel === caller.name),
    );
    const answered = support.findIndex((queue) => queue.members[AGENT.cy]?.inCall === true);
    const completedBefore =
      (lines[0].queues as QueueDocument[]).find((queue) => queue.name === "support")?.stats.completed ?? -1;
    const completed = support.findIndex((queue) => queue.stats.completed === completedBefore + 1);
    expect(joined).toBeGreaterThanOrEqual(0);
    expect(support[joined]?.entries).toMatchObject({
      [caller.uniqueid]: { callerId: { number: "5550004", name: "Follow Me" } },
    });
    expect(answered).toBeGreaterThan(joined);
    expect(completed).toBeGreaterThan(joined);
    expect(support.at(-1)?.members[AGENT.cy]).toMatchObject({ inCall: false, callsTaken: 2 });
  });

  it.skipIf(!ptyAvailable())(
    "redraws the queue rows in a terminal: an agent ringing for the waiting caller, then in the call",
    async () => {
      const child = spawnInPty(
        process.execPath,
        [binPath, "top", "--url", urlOf(simulation)],
        cleanEnv({ TERM: "xterm" }),
      );
      const screen = () => stripAnsi(child.output.stdout);
      const waitFor = (pattern: RegExp) =>
        eventually(() => pattern.test(screen()), 20_000).catch(() => {
          throw new Error(`timed out waiting for ${pattern}; screen:\n${screen()}`);
        });
      await waitFor(/sales\s+1\s+\d:\d\d\s+Waiting Wendy <5550003>/);
      // Eve lets it ring 7 s (3.5 s here) before she answers.
      simulation.simulator.pauseMember("sales", AGENT.eve, false);
      await waitFor(/sales\s+Eve Fox\s+ringing\s+0/);
      await waitFor(/sales\s+Eve Fox\s+in call\s+0/);
      await waitFor(/WAITING \(0\)/);
      const lastFrame = stripAnsi(child.output.stdout.split("\u001b[H").at(-1) ?? "");
      // (The frame may still be arriving: a line's \r can come without its \n yet.)
      for (const line of lastFrame.split("\r\n"))
        expect(line.replace(/\r$/, "").length).toBeLessThanOrEqual(120);
      child.stdin?.write("q");
      const result = await finished(child);
      expect(result.code).toBe(0);
      expect(result.stdout.endsWith("\u001b[?25h\u001b[?1049l")).toBe(true);
    },
  );
});
