import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stripAnsi } from "../format/colour.ts";
import { eventually, urlOf, useQuietSimulation } from "../test-support/fake-server.ts";
import { ptyAvailable, spawnInPty } from "../test-support/pty.ts";
import { binPath, cleanEnv, finished, runBinary } from "../test-support/run-binary.ts";

const simulation = useQuietSimulation();

describe("amikit repl in a terminal", () => {
  it.skipIf(!ptyAvailable())(
    "completes actions and headers with Tab, runs them, shows live events and keeps history",
    async () => {
      const env = cleanEnv({ TERM: "xterm" });
      const before = simulation().fake.sessions.filter((session) => session.authenticated).length;
      const child = spawnInPty(process.execPath, [binPath, "repl", "--url", urlOf(simulation())], env);
      const screen = () => stripAnsi(child.output.stdout);
      const waitFor = (pattern: RegExp) =>
        eventually(() => pattern.test(screen()), 10_000).catch(() => {
          throw new Error(`timed out waiting for ${pattern}; screen:\n${screen()}`);
        });
      const type = (keys: string) => child.stdin?.write(keys);
      const typeThen = async (keys: string, pattern: RegExp) => {
        type(keys);
        await waitFor(pattern);
      };

      await waitFor(/admin@127\.0\.0\.1> $/);
      // Keys are sent one burst at a time, as typed: readline does not complete inside a pasted chunk.
      await typeThen("Orig", /Orig$/);
      await typeThen("\t", /Originate$/);
      await typeThen("\r", /Originate needs the header Channel/);

      await typeThen("Originate Exte", /Originate Exte$/);
      await typeThen("\t", /Originate Exten=$/);
      type("\u0015"); // Ctrl-U clears the line

      await typeThen("CoreShowC", /CoreShowC$/);
      await typeThen("\t", /CoreShowChannel$/);
      await typeThen("\t", /CoreShowChannelMap\s+CoreShowChannels/);
      type("\u0015");

      type("Ping\r");
      await waitFor(/Ping: Pong/);

      type("!core show version\r");
      await waitFor(/Asterisk 22\.10\.1/);

      await eventually(
        () => simulation().fake.sessions.filter((session) => session.authenticated).length > before,
      );
      simulation().fake.emit({ Event: "UserEvent", Privilege: "user,all", UserEvent: "BetweenPrompts" });
      await waitFor(/UserEvent\s+UserEvent=BetweenPrompts\s*\r?\n.*admin@127\.0\.0\.1> $/);

      type("exit\r");
      const result = await finished(child);
      expect(result.code).toBe(0);
      const history = readFileSync(join(env.HOME as string, ".amikit_history"), "utf8");
      expect(history).toContain("Ping\n");
      expect(history).toContain("!core show version\n");
    },
  );
});

describe("amikit repl with piped input", () => {
  it("runs each line in order and exits 0 at the end of input", async () => {
    simulation().simulator.placeCall({ from: "bob", to: "carol", outcome: "answered" });
    await eventually(() => simulation().simulator.channels().length === 2);
    const input = [
      "Ping",
      "CoreShowChannels",
      'Setvar Variable=GREETING "Value=hello world"',
      "Getvar Variable=GREETING",
      "Orignate",
      "Originate Exten=1002",
      "help Originate",
      "exit",
      "Ping",
    ].join("\n");
    const result = await runBinary(["repl", "--quiet", "--url", urlOf(simulation())], {
      input: `${input}\n`,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Ping: Pong");
    expect(result.stdout).toContain("2 items");
    expect(result.stdout).toMatch(/Variable: GREETING\nValue: hello world\n/);
    expect(result.stderr).toContain('unknown action "Orignate"');
    expect(result.stderr).toContain("Originate needs the header Channel\n  Originate Channel=<value>\n");
    expect(result.stdout).toMatch(/Originate:\n(?: {4}\w+\n)* {2}\* Channel\n/);
    expect(result.stdout).not.toContain("admin@127.0.0.1>");
    expect(result.stdout.match(/Ping: Pong/g)).toHaveLength(1);
    for (const channel of simulation().simulator.channels()) simulation().simulator.hangup(channel.name);
  });
});
