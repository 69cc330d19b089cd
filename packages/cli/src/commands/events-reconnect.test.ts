import { createServer, type Server, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { type SimulatedAsterisk, startSimulatedAsterisk } from "../simulator/simulated-asterisk.ts";
import { eventually, startQuietSimulation, urlOf } from "../test-support/fake-server.ts";
import { assertBuilt, finished, startBinary, waitForOutput } from "../test-support/run-binary.ts";

assertBuilt();

/** A server on `port` that accepts each connection and resets it at once: a failed reconnect attempt. */
async function refusingServer(port: number): Promise<{ server: Server; attempts: () => number }> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return { server, attempts: () => count };
}

const loggedIn = (simulation: SimulatedAsterisk) =>
  eventually(() => simulation.fake.sessions.some((session) => session.authenticated));

describe("amikit events when the server goes away", () => {
  it("says once that the connection is lost, keeps the status short in logs, and says when it is back", async () => {
    let simulation = await startQuietSimulation();
    const port = simulation.port;
    const child = startBinary([
      "events",
      "--json",
      "--filter",
      "UserEvent",
      "--reconnect-delay",
      "10",
      "--url",
      urlOf(simulation),
    ]);
    try {
      await loggedIn(simulation);
      await simulation.close();
      const refusing = await refusingServer(port);
      // Seven failed attempts at least (10, 20, 40 … ms apart).
      await eventually(() => refusing.attempts() >= 7, 10_000);
      await new Promise<void>((resolve) => refusing.server.close(() => resolve()));
      simulation = await startSimulatedAsterisk({ port, callsPerSecond: 0 });
      const [, attemptsText] = (await waitForOutput(
        child,
        /reconnected after (\d+) attempts, \d+\.\d s\n/,
        "stderr",
      )) as RegExpMatchArray;
      await loggedIn(simulation);
      simulation.fake.emit({ Event: "UserEvent", Privilege: "user,all", UserEvent: "Back" });
      await waitForOutput(child, /"UserEvent":"Back"/);
      child.kill("SIGINT");
      const result = await finished(child);
      expect(result.code).toBe(0);

      // stdout holds events only, one JSON object per line.
      const events = result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(events.map((event) => event.UserEvent)).toEqual(["Back"]);

      const stderr = result.stderr.split("\n");
      const lost = stderr.filter((line) => line.includes(" lost"));
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatch(/^connection to admin@127\.0\.0\.1:\d+ lost \(.+\); reconnecting/);
      const statusLines = stderr.filter((line) => line.startsWith("reconnecting: attempt"));
      const attempted = statusLines.map((line) => Number(/attempt (\d+)/.exec(line)?.[1]));
      const total = Number(attemptsText);
      expect(total).toBeGreaterThanOrEqual(8);
      // Not a line per attempt: only at attempts 1, 2, 4, 8 ….
      expect(attempted.slice(0, 3)).toEqual([1, 2, 4]);
      for (const attempt of attempted) expect(Math.log2(attempt) % 1).toBe(0);
      expect(statusLines.length).toBeLessThanOrEqual(Math.floor(Math.log2(total)) + 1);
      expect(statusLines[0]).toMatch(/next try in ≤ 0\.0 s/);
      expect(stderr.filter((line) => line.startsWith("reconnected after"))).toHaveLength(1);
      // No carriage-return rewrites when stderr is not a terminal.
      expect(result.stderr).not.toContain("\r");
    } finally {
      child.kill("SIGKILL");
      await simulation.close();
    }
  });

  it("exits 3 with one line when --reconnect-attempts runs out", async () => {
    const simulation = await startQuietSimulation();
    const child = startBinary([
      "events",
      "--reconnect-attempts",
      "2",
      "--reconnect-delay",
      "10",
      "--url",
      urlOf(simulation),
    ]);
    try {
      await loggedIn(simulation);
      await simulation.close();
      const result = await finished(child);
      expect(result.code).toBe(3);
      const failures = result.stderr.split("\n").filter((line) => line.startsWith("amikit:"));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(
        /^amikit: connection to admin@127\.0\.0\.1:\d+ lost: gave up reconnecting after 2 attempt\(s\)/,
      );
      expect(result.stderr).toMatch(/reconnecting: attempt 1 of 2/);
      expect(result.stderr).toMatch(/reconnecting: attempt 2 of 2/);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("repl shares the status and exits 3 when it gives up", async () => {
    const simulation = await startQuietSimulation();
    // stdin stays open (a pipe, not a terminal): the REPL waits for lines until the client gives up.
    const child = startBinary([
      "repl",
      "--json",
      "--reconnect-attempts",
      "3",
      "--reconnect-delay",
      "10",
      "--url",
      urlOf(simulation),
    ]);
    try {
      await loggedIn(simulation);
      await simulation.close();
      const result = await finished(child);
      expect(result.code).toBe(3);
      // --json: the status goes to stderr, stdout has no status text.
      expect(result.stdout).not.toMatch(/reconnect|lost/);
      const stderr = result.stderr.split("\n");
      expect(stderr.filter((line) => line.includes(" lost ("))).toHaveLength(1);
      expect(stderr.filter((line) => line.startsWith("reconnecting: attempt"))).toHaveLength(2); // 1 and 2
      expect(result.stderr).toMatch(/amikit: connection to .+ lost: gave up reconnecting after 3 attempt/);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("refuses a --reconnect-attempts that is not a positive whole number", async () => {
    const result = await finished(
      startBinary(["events", "--reconnect-attempts", "0", "--url", "ami://a:b@127.0.0.1:1"]),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--reconnect-attempts needs a number of attempts ≥ 1, not "0"');
  });
});
