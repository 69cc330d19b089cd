import { describe, expect, it } from "vitest";
import { stripAnsi } from "../format/colour.ts";
import { eventually, urlOf, useQuietSimulation } from "../test-support/fake-server.ts";
import { ptyAvailable, spawnInPty } from "../test-support/pty.ts";
import {
  binPath,
  cleanEnv,
  finished,
  runBinary,
  startBinary,
  waitForOutput,
} from "../test-support/run-binary.ts";

const simulation = useQuietSimulation();

/** Places an answered call and waits until both its channels are up and bridged. */
async function answeredCall(from: string, to: string) {
  const caller = simulation().simulator.placeCall({ from, to, outcome: "answered" });
  await eventually(() => {
    const legs = simulation().fake.channels.filter((channel) => channel.linkedid === caller.linkedid);
    return legs.length === 2 && legs.every((channel) => channel.bridgeId !== "");
  });
  return caller;
}

/** What the fake's CoreShowChannels lists now: channel names by Linkedid. */
function fakeCalls(): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  for (const channel of simulation().fake.channels) {
    calls.set(channel.linkedid, [...(calls.get(channel.linkedid) ?? []), channel.name].sort());
  }
  return calls;
}

describe("amikit top --once", () => {
  it("--json prints the calls, channels and bridges the PBX has up, as one document", async () => {
    const first = await answeredCall("alice", "bob");
    const second = await answeredCall("carol", "dave");
    const result = await runBinary(["top", "--once", "--json", "--url", urlOf(simulation())]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ type: "snapshot", syncs: 1 });
    const names = new Map<string, string>(
      document.channels.map((channel: { uniqueid: string; name: string }) => [
        channel.uniqueid,
        channel.name,
      ]),
    );
    const calls = new Map<string, string[]>(
      document.calls.map((call: { linkedid: string; channels: string[] }) => [
        call.linkedid,
        call.channels.map((id) => names.get(id) ?? `missing ${id}`).sort(),
      ]),
    );
    expect(calls).toEqual(fakeCalls());
    expect(calls.get(first.linkedid)).toEqual([first.name, expect.stringMatching(/^PJSIP\/bob-/)]);
    expect(calls.has(second.linkedid)).toBe(true);
    // Each call's two channels share one bridge, which lists them both.
    const bridge = document.bridges.find((entry: { uniqueid: string }) => entry.uniqueid === first.bridgeId);
    expect(bridge.members.map((id: string) => names.get(id)).sort()).toEqual(calls.get(first.linkedid));
    expect(document.channels.find((c: { name: string }) => c.name === first.name)).toMatchObject({
      linkedid: first.linkedid,
      state: "Up",
      bridge: first.bridgeId,
    });
  });

  it("prints tables with the expected columns, only for the --domains asked", async () => {
    const call = await answeredCall("erin", "frank");
    const result = await runBinary(["top", "--once", "--domains", "calls", "--url", urlOf(simulation())]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^amikit top — admin@127\.0\.0\.1:\d+ — synced — \d\d:\d\d:\d\d UTC$/);
    expect(lines).toContain(`CALLS (${fakeCalls().size})`);
    expect(lines.find((line) => line.startsWith("LINKEDID"))).toMatch(
      /^LINKEDID\s+TIME\s+STATE\s+CALLER\s+CHANNELS$/,
    );
    const row = lines.find((line) => line.startsWith(`${call.linkedid} `));
    // The caller's channel first, then the callee's.
    expect(row).toMatch(
      new RegExp(
        `^${call.linkedid.replace(".", "\\.")}\\s+0:\\d\\d\\s+up\\s+\\S.*<1005>\\s+PJSIP/erin-[0-9a-f]+ → PJSIP/frank-`,
      ),
    );
    expect(result.stdout).not.toContain("BRIDGES");
    expect(result.stdout).not.toContain("QUEUES");
  });

  it("exits 3 with the other commands' message when the login is refused", async () => {
    const result = await runBinary(["top", "--once", "--url", urlOf(simulation(), "wrong")]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toMatch(
      new RegExp(
        `^amikit: login refused for admin@127\\.0\\.0\\.1:${simulation().port}: Authentication failed$`,
      ),
    );
  });

  it("exits 1 naming the write class to grant when the account may not take a tracked domain's snapshot", async () => {
    // reader/readpass has no write classes: the simulator refuses it ConfbridgeListRooms.
    const result = await runBinary(["top", "--once", "--url", urlOf(simulation(), "readpass", "reader")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toMatch(
      /^amikit: Permission denied for \w+, which tracking \w+ needs: give the AMI account the "[a-z,]+" write class .*\(amikit top --domains without \w+/,
    );
  });

  it("exits 2 for an unknown domain, with a suggestion", async () => {
    const result = await runBinary(["top", "--once", "--domains", "cals", "--url", urlOf(simulation())]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('amikit: unknown domain "cals" for --domains');
    expect(result.stderr).toContain("did you mean: calls");
  });
});

describe("amikit top --json (following)", () => {
  it("prints the snapshot, then one line per change batch, until SIGINT", async () => {
    const before = simulation().fake.sessions.filter((session) => session.authenticated).length;
    const child = startBinary(["top", "--json", "--domains", "calls", "--url", urlOf(simulation())]);
    await waitForOutput(child, /"type":"snapshot"/);
    expect(simulation().fake.sessions.filter((session) => session.authenticated).length).toBeGreaterThan(
      before,
    );
    const call = simulation().simulator.placeCall({ from: "bob", to: "carol", outcome: "answered" });
    await waitForOutput(child, new RegExp(`"kind":"added","key":"${call.linkedid.replace(".", "\\.")}"`));
    simulation().simulator.hangup(call.name);
    await waitForOutput(child, new RegExp(`"kind":"removed","key":"${call.linkedid.replace(".", "\\.")}"`));
    child.kill("SIGINT");
    const result = await finished(child);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0].type).toBe("snapshot");
    expect(lines.slice(1).every((line) => line.type === "changes" && line.changes.length > 0)).toBe(true);
    const added = lines
      .flatMap((line) => line.changes ?? [])
      .filter((c) => c.collection === "calls" && c.key === call.linkedid);
    expect(added[0]).toMatchObject({ collection: "calls", kind: "added", why: "Newchannel" });
  });
});

describe("amikit top into a pipe", () => {
  it("prints plain frames (no screen control) until SIGINT, then exits 0", async () => {
    const call = await answeredCall("alice", "carol");
    const child = startBinary(["top", "--domains", "calls", "--url", urlOf(simulation())]);
    await waitForOutput(child, new RegExp(`^${call.linkedid.replace(".", "\\.")} .*PJSIP/alice-`, "m"));
    child.kill("SIGINT");
    const result = await finished(child);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^amikit top — admin@127\.0\.0\.1:\d+ — synced/m);
    expect(result.stdout).not.toContain("\u001b");
  });
});

describe("amikit top in a terminal", () => {
  it.skipIf(!ptyAvailable())(
    "redraws in place as calls come and go, and restores the terminal on q",
    async () => {
      const existing = await answeredCall("dave", "erin");
      const child = spawnInPty(
        process.execPath,
        [binPath, "top", "--url", urlOf(simulation())],
        cleanEnv({ TERM: "xterm" }),
      );
      const screen = () => stripAnsi(child.output.stdout);
      const waitFor = (pattern: RegExp) =>
        eventually(() => pattern.test(screen()), 10_000).catch(() => {
          throw new Error(`timed out waiting for ${pattern}; screen:\n${screen()}`);
        });
      await waitFor(new RegExp(existing.linkedid.replace(".", "\\.")));
      const fresh = simulation().simulator.placeCall({ from: "frank", to: "alice", outcome: "answered" });
      await waitFor(new RegExp(`${fresh.linkedid.replace(".", "\\.")}.*PJSIP/frank-`));
      const raw = child.output.stdout;
      // The alternate screen, the cursor hidden, and every frame drawn from the top-left corner.
      expect(raw.indexOf("\u001b[?1049h\u001b[?25l")).toBeGreaterThanOrEqual(0);
      expect(raw.indexOf("\u001b[?1049h\u001b[?25l")).toBeLessThan(raw.indexOf("\u001b[H"));
      expect(raw.split("\u001b[H").length - 1).toBeGreaterThanOrEqual(2);
      // Lines fit the 120-column terminal.
      const lastFrame = stripAnsi(raw.split("\u001b[H").at(-1) ?? "");
      expect(lastFrame).toContain("CALLS (");
      // (The frame may still be arriving: a line's \r can come without its \n yet.)
      for (const line of lastFrame.split("\r\n"))
        expect(line.replace(/\r$/, "").length).toBeLessThanOrEqual(120);
      child.stdin?.write("q");
      const result = await finished(child);
      expect(result.code).toBe(0);
      expect(result.stdout.endsWith("\u001b[?25h\u001b[?1049l")).toBe(true);
    },
  );

  it.skipIf(!ptyAvailable())("exits 0 on Ctrl-C and restores the terminal", async () => {
    const child = spawnInPty(
      process.execPath,
      [binPath, "top", "--url", urlOf(simulation())],
      cleanEnv({ TERM: "xterm" }),
    );
    await eventually(() => /synced/.test(stripAnsi(child.output.stdout)), 10_000);
    child.stdin?.write("\u0003");
    const result = await finished(child);
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith("\u001b[?25h\u001b[?1049l")).toBe(true);
  });
});
