import { describe, expect, it } from "vitest";
import { stripAnsi } from "../format/colour.ts";
import { eventually, useQuietSimulation } from "../test-support/fake-server.ts";
import { ptyAvailable, spawnInPty } from "../test-support/pty.ts";
import { binPath, cleanEnv, finished } from "../test-support/run-binary.ts";

const simulation = useQuietSimulation();

describe("the secret prompt", () => {
  it.skipIf(!ptyAvailable())("asks on the terminal without echoing what is typed", async () => {
    const url = `ami://admin@127.0.0.1:${simulation().port}`;
    const child = spawnInPty(process.execPath, [binPath, "action", "Ping", "--url", url], cleanEnv());
    const screen = () => stripAnsi(child.output.stdout);
    await eventually(() => screen().includes(`Secret for admin@127.0.0.1:${simulation().port}: `), 10_000);
    child.stdin?.write("amipasz\u007fs\r"); // a typo fixed with Backspace
    const result = await finished(child);
    expect(result.code).toBe(0);
    expect(screen()).toContain("Ping: Pong");
    expect(screen()).not.toContain("amipas");
  });
});
