import { connect, createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { startSimulatedAsterisk } from "../simulator/simulated-asterisk.ts";
import { eventually } from "../test-support/fake-server.ts";
import {
  assertBuilt,
  cleanEnv,
  finished,
  runBinary,
  startBinary,
  waitForOutput,
} from "../test-support/run-binary.ts";

beforeAll(() => {
  assertBuilt();
});

// Every test starts its own processes on ports the OS picks: they run side by side.
describe.concurrent("amikit simulate", () => {
  it("serves simulated call traffic that the other subcommands can read", async () => {
    const simulator = startBinary([
      "simulate",
      "--port",
      "0",
      "--json",
      "--calls-per-second",
      "8",
      "--duration",
      "4",
    ]);
    const [line] = await waitForOutput(simulator, /^\{.*\}\n/);
    const { url, port } = JSON.parse(line) as { url: string; port: number };
    expect(url).toBe(`ami://admin:amipass@127.0.0.1:${port}`);

    const events = await runBinary(["events", "--json", "--count", "12", "--url", url]);
    expect(events.code).toBe(0);
    const names = events.stdout
      .trim()
      .split("\n")
      .map((text) => (JSON.parse(text) as { Event: string }).Event);
    expect(names).toHaveLength(12);
    const callEvents = new Set([
      "Newchannel",
      "Newexten",
      "DialBegin",
      "Newstate",
      "DialEnd",
      "BridgeCreate",
      "BridgeEnter",
      "HangupRequest",
      "BridgeLeave",
      "Hangup",
      "BridgeDestroy",
      "DeviceStateChange",
      // The queue calls: Local channels running Queue() and the agents they ring.
      "NewCallerid",
      "NewConnectedLine",
      "VarSet",
      "LocalBridge",
      "DialState",
      "SoftHangupRequest",
      "QueueCallerJoin",
      "QueueCallerLeave",
      "QueueCallerAbandon",
      "AgentCalled",
      "AgentConnect",
      "AgentComplete",
      "AgentRingNoAnswer",
      "QueueMemberStatus",
      "QueueMemberPause",
      // Besides the call traffic, only what any login brings.
      "FullyBooted",
      "SuccessfulAuth",
    ]);
    expect(
      names.filter((name) => name !== "FullyBooted" && name !== "SuccessfulAuth").length,
    ).toBeGreaterThan(0);
    for (const name of names) expect(callEvents).toContain(name);

    const result = await finished(simulator);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/simulator stopped after \d+ calls and \d+ events/);
  });

  it("prints how to connect, and stops on Ctrl-C", async () => {
    const simulator = startBinary(["simulate", "--port", "0", "--calls-per-second", "0"]);
    await waitForOutput(simulator, /amikit repl --url ami:\/\/admin:amipass@127\.0\.0\.1:\d+\n/);
    expect(simulator.output.stdout).toMatch(
      /^Simulated Asterisk 22 listening on 127\.0\.0\.1:\d+ — 0 new calls\/s\n/,
    );
    simulator.kill("SIGINT");
    expect((await finished(simulator)).code).toBe(0);
  });

  it("exits 3 with a one-line reason when the port is taken", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const result = await runBinary(["simulate", "--port", String(port)]);
      expect(result.code).toBe(3);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain(`amikit: cannot listen on 127.0.0.1:${port}`);
      expect(result.stderr).toContain("--port 0 for any free one");
    } finally {
      server.close();
    }
  });
});

describe("amikit simulate on SIGTERM", () => {
  it("sends Shutdown and closes its clients' connections cleanly instead of resetting them", async () => {
    const simulator = startBinary(["simulate", "--port", "0", "--json", "--calls-per-second", "0"]);
    const [line] = await waitForOutput(simulator, /^\{.*\}\n/);
    const { port } = JSON.parse(line) as { port: number };
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8").on("data", (text: string) => {
      received += text;
    });
    const ended = new Promise<string>((resolve) => {
      socket.on("error", (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
      socket.on("end", () => resolve("end"));
    });
    socket.write("Action: Login\r\nUsername: admin\r\nSecret: amipass\r\n\r\n");
    await eventually(() => received.includes("Message: Authentication accepted"));
    simulator.kill("SIGTERM");
    expect(await ended).toBe("end");
    expect(received).toMatch(
      /Event: Shutdown\r\nPrivilege: system,all\r\nShutdown: Cleanly\r\nRestart: False\r\n\r\n$/,
    );
    socket.destroy();
    expect((await finished(simulator)).code).toBe(0);
  });

  it("says Uncleanly while a call is up, a queue call's Local channels included", async () => {
    const simulation = await startSimulatedAsterisk({ port: 0, callsPerSecond: 0 });
    const socket = connect(simulation.port, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8").on("data", (text: string) => {
      received += text;
    });
    const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("Action: Login\r\nUsername: admin\r\nSecret: amipass\r\n\r\n");
    await eventually(() => received.includes("Message: Authentication accepted"));
    simulation.simulator.placeQueueCall({ destination: "support@queues", patienceSeconds: 60 });
    await eventually(() => received.includes("Event: QueueCallerJoin"));
    expect(simulation.simulator.channels()).toEqual([]);
    await simulation.close();
    await ended;
    expect(received).toMatch(/Event: Shutdown\r\nPrivilege: system,all\r\nShutdown: Uncleanly\r\n/);
  });
});

describe.concurrent("amikit demo", () => {
  it("runs the simulator, tails events and runs a few actions, then exits 0", async () => {
    const result = await runBinary(["demo", "--duration", "2.5"], { timeout: 20_000 });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain("connected and logged in as admin");
    expect(out).toMatch(/▶ Ping.*\n {2}Response: Success {2}Ping: Pong/);
    expect(out).toMatch(/▶ A CLI command.*\n {2}Asterisk 22\.10\.1/);
    expect(out).toMatch(/OriginateResponse: Success on PJSIP\/alice-[0-9a-f]{8} \(Reason 4\)/);
    expect(out).toMatch(/\d+ items; CoreShowChannelsComplete says ListItems: \d+/);
    expect(out).toMatch(/\d+ active calls?\n/);
    expect(out).toMatch(/event \d\d:\d\d:\d\d\.\d{3} Newchannel/);
    expect(out).toMatch(/✓ \d+ events in \d+\.\d s/);
    expect(out).not.toContain("\u001b[");
    expect(out).toContain("Next: amikit simulate (a server to play with), then amikit repl --url");
  });

  it("names the repository's `pnpm amikit` script when run by `pnpm demo` in the repository", async () => {
    const result = await runBinary(["demo", "--duration", "0.5"], {
      env: cleanEnv({ npm_package_name: "amikit-monorepo" }),
      timeout: 20_000,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Next: pnpm amikit simulate (a server to play with), then pnpm amikit repl --url",
    );
  });
});
