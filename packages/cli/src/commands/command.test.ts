import { describe, expect, it } from "vitest";
import { eventually, urlOf, useQuietSimulation } from "../test-support/fake-server.ts";
import { runBinary } from "../test-support/run-binary.ts";

const simulation = useQuietSimulation();

// Only one test places calls, and no other reads channels: they can run side by side.
describe.concurrent("amikit command", () => {
  it("prints the CLI output lines", async () => {
    const result = await runBinary(["command", "core show version", "--url", urlOf(simulation())]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Asterisk 22\.10\.1/);
  });

  it("shows the simulated channels in core show channels, as Asterisk lays it out", async () => {
    simulation().simulator.placeCall({ from: "erin", to: "frank", outcome: "answered" });
    await eventually(() => simulation().simulator.channels().length === 2);
    const result = await runBinary(["command", "core show channels", "--url", urlOf(simulation())]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^Channel {58}Location {25}State {3}Application\(Data\)/);
    expect(lines[1]).toMatch(/^PJSIP\/erin-[0-9a-f]{8} +1006@from-internal:1 +\S+ +Dial\(PJSIP\/frank,30\)/);
    expect(result.stdout).toContain("2 active channels\n1 active call\n");
    for (const channel of simulation().simulator.channels()) simulation().simulator.hangup(channel.name);
  });

  it("prints a JSON array with --json", async () => {
    const result = await runBinary(["command", "core show uptime", "--json", "--url", urlOf(simulation())]);
    expect(result.code).toBe(0);
    const lines = JSON.parse(result.stdout) as string[];
    expect(lines[0]).toMatch(/^System uptime: /);
  });

  it("exits 1 with Asterisk's explanation for an unknown CLI command", async () => {
    const result = await runBinary(["command", "no such command here", "--url", urlOf(simulation())]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^amikit: command failed: No such command 'no such command here'/);
  });

  it("asks for quotes when the CLI command is split into words", async () => {
    const result = await runBinary(["command", "core", "show", "version", "--url", urlOf(simulation())]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('quote the CLI command: amikit command "core show channels"');
  });
});
