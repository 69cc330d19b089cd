// The 10-second soak that runs in `pnpm test`: the real harness (tools/soak/dist, built by `pnpm test`'s
// build step) in a child process, a hostile fake Asterisk in another, the client under load meanwhile.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { SoakReport } from "../src/soak.ts";
import { SUMMARY_PREFIX } from "../src/summary.ts";

const cli = fileURLToPath(new URL("../dist/src/cli.js", import.meta.url));

function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build @amikit/soak first (pnpm test does)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", cli, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("pnpm soak", () => {
  it("survives 10 s of a hostile server: every action settles, memory stays bounded, the client recovers", async () => {
    const { code, stdout, stderr } = await runCli([
      "--duration",
      "10",
      "--seed",
      "11",
      "--rate",
      "200",
      "--pace",
      "800",
    ]);
    const line = stdout.split("\n").find((text) => text.startsWith(SUMMARY_PREFIX));
    if (line === undefined) throw new Error(`no summary line; exit ${code}\n${stdout}\n${stderr}`);
    const report = JSON.parse(line.slice(SUMMARY_PREFIX.length)) as SoakReport;
    const { actions, server } = report;

    // The hostile server did each of its behaviours (a round of all six takes at most 6 × 1.28 s at this
    // pace), and they bit.
    for (const behaviour of report.options.behaviours)
      expect(server.behaviours[behaviour]).toBeGreaterThan(0);
    expect(server.stalledMs).toBeGreaterThan(0);
    expect(report.reconnects).toBeGreaterThan(0);
    expect(actions.failed).toBeGreaterThan(0);
    // The client kept working meanwhile.
    expect(actions.issued).toBeGreaterThan(1000);
    expect(actions.answered).toBeGreaterThan(0);
    expect(report.events.events).toBeGreaterThan(0);
    // The invariants: every action ended (answered or a typed error), memory bounded, recovered, closed.
    expect(actions.pending).toBe(0);
    expect(actions.answered + actions.failed).toBe(actions.issued);
    expect(actions.untyped).toEqual([]);
    expect(report.memory.keptGrowing).toBe(false);
    expect(report.memory.overCeiling).toBe(false);
    expect(report.memory.stallGrowthOverBudget).toBe(false);
    expect(report.recoveredAfterMs).toBeTypeOf("number");
    expect(report.closed).toBe(true);
    expect(report.crashes).toEqual([]);
    expect(report.failures).toEqual([]);
    expect(stdout).toContain("verdict: PASS");
    expect(code).toBe(0);
  });

  it("refuses a bad command line with exit code 2 and the usage, before starting anything", async () => {
    const { code, stdout, stderr } = await runCli(["--duration", "0"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--duration must be a number in 1..3600");
    expect(stderr).toContain("usage: pnpm soak");
    expect(stdout).toBe("");
  });
});
