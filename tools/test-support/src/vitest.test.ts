import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const probeDir = join(dirname(fileURLToPath(import.meta.url)), "docs-gate-probe");
const vitestBin = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");

interface ProbeTest {
  readonly title: string;
  readonly status: string;
  readonly failureMessages: readonly string[];
}

/** Runs the probe file in a child vitest with `env`; returns what the reporter wrote. */
function runVitest(env: Record<string, string>, reporter: "json" | "verbose"): string {
  const child = spawnSync(
    process.execPath,
    [vitestBin, "run", "--config", join(probeDir, "vitest.config.ts"), `--reporter=${reporter}`],
    {
      cwd: probeDir,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return child.stdout + child.stderr;
}

/** Runs the probe file in a child vitest with `env` and returns its single test, from the JSON report. */
function runProbe(env: Record<string, string>): ProbeTest {
  const output = runVitest(env, "json");
  const report = JSON.parse(output.slice(output.indexOf("{"), output.lastIndexOf("}") + 1)) as {
    testResults: { assertionResults: ProbeTest[] }[];
  };
  const tests = report.testResults.flatMap((file) => file.assertionResults);
  expect(tests).toHaveLength(1);
  return tests[0] as ProbeTest;
}

describe("describeWithAsteriskDocs", () => {
  const docs = mkdtempSync(join(tmpdir(), "amikit-gate-"));
  afterAll(() => rmSync(docs, { recursive: true, force: true }));
  mkdirSync(join(docs, "22.10.1"));
  writeFileSync(join(docs, "22.10.1", "core-en_US.xml"), "<docs/>\n");

  it("runs the block's tests when the documentation is there", () => {
    const test = runProbe({ AMIKIT_ASTERISK_DOCS: docs });
    expect(test).toMatchObject({ title: "sees the documentation", status: "passed" });
  }, 60_000);

  it("without it, shows one skipped test instead, with the reason as its note", () => {
    const test = runProbe({ AMIKIT_ASTERISK_DOCS: "/nonexistent" });
    expect(test).toMatchObject({ title: "needs Asterisk's XML documentation", status: "skipped" });
    const lines = runVitest({ AMIKIT_ASTERISK_DOCS: "/nonexistent" }, "verbose").split("\n");
    expect(lines.filter((line) => line.includes("needs Asterisk's XML documentation"))).toEqual([
      expect.stringMatching(
        /^ ↓ gated\.probe\.ts > the probe's XML tests > needs Asterisk's XML documentation \d+ms \[amikit: skipped "the probe's XML tests": no Asterisk XML documentation \(<version>\/core-en_US\.xml\) in \/nonexistent; set AMIKIT_ASTERISK_DOCS to such a directory \(see "Asterisk's XML documentation" in the README\)\]$/,
      ),
    ]);
  }, 60_000);

  it("without it and with AMIKIT_REQUIRE_ASTERISK_DOCS=1, fails with the reason in one line", () => {
    const test = runProbe({ AMIKIT_ASTERISK_DOCS: "/nonexistent", AMIKIT_REQUIRE_ASTERISK_DOCS: "1" });
    expect(test.status).toBe("failed");
    expect(test.failureMessages[0]?.split("\n")[0]).toBe(
      `Error: amikit: "the probe's XML tests" needs Asterisk's XML documentation (AMIKIT_REQUIRE_ASTERISK_DOCS=1): no Asterisk XML documentation (<version>/core-en_US.xml) in /nonexistent; set AMIKIT_ASTERISK_DOCS to such a directory (see "Asterisk's XML documentation" in the README)`,
    );
  }, 60_000);
});
