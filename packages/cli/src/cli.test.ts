import { beforeAll, describe, expect, it } from "vitest";
import { subcommandNames } from "./arguments.ts";
import { assertBuilt, runBinary } from "./test-support/run-binary.ts";

beforeAll(() => {
  assertBuilt();
});

// Each test spawns its own process and shares nothing: run them side by side.
describe.concurrent("amikit", () => {
  it("prints help listing every subcommand, exit 0", async () => {
    const result = await runBinary(["--help"]);
    expect(result.code).toBe(0);
    for (const name of subcommandNames) expect(result.stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    expect(result.stdout).toContain(
      "Exit codes: 0 ok, 1 Asterisk answered an error, 2 usage error, 3 connection or login failed",
    );
  });

  it("prints a subcommand's help with its options", async () => {
    const result = await runBinary(["simulate", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--calls-per-second <n>");
  });

  it("prints its version", async () => {
    const result = await runBinary(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 on an unknown command, with a suggestion", async () => {
    const result = await runBinary(["evnets"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'amikit: unknown command "evnets"\n  did you mean: events?\n  run amikit --help for the list of commands\n',
    );
  });

  it("exits 2 on an unknown flag, with a suggestion", async () => {
    const result = await runBinary(["events", "--filtr", "Hangup"]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe('amikit: unknown option --filtr for "amikit events"');
    expect(result.stderr).toContain("did you mean: --filter?");
  });

  it("exits 2 on a flag missing its value and on a bad number", async () => {
    expect((await runBinary(["events", "--filter"])).code).toBe(2);
    const result = await runBinary(["simulate", "--calls-per-second", "lots"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--calls-per-second needs a number ≥ 0, not "lots"');
  });

  it("exits 2 when no user name is given anywhere", async () => {
    const result = await runBinary(["action", "Ping"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no user name");
  });
});
