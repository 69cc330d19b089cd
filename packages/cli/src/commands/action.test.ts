import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { eventually, startQuietSimulation, urlOf, useQuietSimulation } from "../test-support/fake-server.ts";
import { cleanEnv, closedPort, runBinary } from "../test-support/run-binary.ts";

const simulation = useQuietSimulation();

// The tests run side by side; the one that counts channels has a simulation of its own.
describe.concurrent("amikit action", () => {
  it("sends Ping and prints the answer as key: value lines", async () => {
    const result = await runBinary(["action", "Ping", "--url", urlOf(simulation())]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Response: Success\nActionID: .+\nPing: Pong\nTimestamp: \d+\.\d+\n/);
  });

  it("prints NDJSON with --json", async () => {
    const result = await runBinary(["action", "ping", "--json", "--url", urlOf(simulation())]);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ Response: "Success", Ping: "Pong" });
  });

  // Concurrent tests must use their own context's onTestFinished (the imported one may bind to another).
  it("prints a list action's items and their count", async ({ onTestFinished }) => {
    const own = await startQuietSimulation();
    onTestFinished(() => own.close());
    own.simulator.placeCall({ from: "alice", to: "bob", outcome: "answered" });
    await eventually(() => own.simulator.channels().length === 2);
    const result = await runBinary(["action", "CoreShowChannels", "--url", urlOf(own)]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("EventList: start");
    expect(result.stdout.match(/^Event: CoreShowChannel$/gm)).toHaveLength(2);
    expect(result.stdout).toMatch(/^Channel: PJSIP\/alice-[0-9a-f]{8}$/m);
    expect(result.stdout).toMatch(/^Event: CoreShowChannelsComplete\n(?:.*\n)*ListItems: 2\n/m);
    expect(result.stdout.trim().endsWith("2 items")).toBe(true);

    const json = await runBinary(["action", "CoreShowChannels", "--json", "--url", urlOf(own)]);
    const packets = json.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(packets.map((packet) => packet.Event ?? packet.Response)).toEqual([
      "Success",
      "CoreShowChannel",
      "CoreShowChannel",
      "CoreShowChannelsComplete",
    ]);
    expect(packets[3].ListItems).toBe("2");
  });

  it("validates required headers against the definitions before connecting", async () => {
    // Nothing listens on the port: connecting would exit 3, so exit 2 shows nothing was dialled.
    const port = await closedPort();
    const url = `ami://admin:amipass@127.0.0.1:${port}`;
    const result = await runBinary(["action", "Originate", "--Exten", "1002", "--url", url]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("amikit: Originate needs the header Channel");
    expect(result.stderr).toContain("amikit action Originate --Channel <value>");
  });

  it("suggests the action meant by an unknown name", async () => {
    const result = await runBinary(["action", "Orignate", "--url", urlOf(simulation())]);
    expect(result.stderr).toContain('amikit: unknown action "Orignate"');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("did you mean: Originate");
  });

  it("matches header names case-insensitively and warns about undocumented ones", async () => {
    const result = await runBinary(["action", "Ping", "--Chanel", "x", "--url", urlOf(simulation())]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Ping has no documented header "Chanel"');
  });

  it("exits 1 with Asterisk's message when the action fails", async () => {
    const result = await runBinary([
      "action",
      "Hangup",
      "--channel",
      "PJSIP/nobody-00000000",
      "--url",
      urlOf(simulation()),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Response: Error\n/);
    expect(result.stderr.trim()).toBe("amikit: Hangup: No such channel");
  });

  it("waits for the OriginateResponse of an async Originate", async () => {
    const result = await runBinary([
      "action",
      "Originate",
      "--Channel",
      "PJSIP/carol",
      "--Context",
      "from-internal",
      "--Exten",
      "1004",
      "--Priority",
      "1",
      "--Async",
      "true",
      "--url",
      urlOf(simulation()),
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Event: OriginateResponse$/m);
    expect(result.stdout).toMatch(/^Response: Success$/m);
    expect(result.stdout).toMatch(/^Channel: PJSIP\/carol-[0-9a-f]{8}$/m);
  });
});

describe.concurrent("connection failures", () => {
  it("exits 3 on a wrong password with one line that does not show the secret", async () => {
    const result = await runBinary(["action", "Ping", "--url", urlOf(simulation(), "not-the-password")]);
    expect(result.code).toBe(3);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^amikit: login refused for admin@127\\.0\\.0\\.1:${simulation().port}: Authentication failed$`,
      ),
    );
    expect(result.stderr).not.toContain("not-the-password");
    expect(result.stdout).toBe("");
  });

  it("exits 3 when nothing listens on the port", async () => {
    const port = await closedPort();
    const result = await runBinary([
      "command",
      "core show version",
      "--url",
      `ami://admin:amipass@127.0.0.1:${port}`,
    ]);
    expect(result.code).toBe(3);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^amikit: cannot connect to admin@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
  });

  it("exits 3 naming the --timeout flag when the server accepts but never greets", async () => {
    const accepted = new Set<Socket>();
    const silent = createServer((socket) => accepted.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const result = await runBinary([
        "action",
        "Ping",
        "--timeout",
        "300",
        "--url",
        `ami://admin:amipass@127.0.0.1:${port}`,
      ]);
      expect(result.code).toBe(3);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `^amikit: cannot connect to admin@127\\.0\\.0\\.1:${port}: .*within --timeout \\(300 ms\\)`,
        ),
      );
      expect(result.stderr).not.toContain("connectTimeout");
    } finally {
      for (const socket of accepted) socket.destroy();
      silent.close();
    }
  });

  it("reads the connection from AMI_* variables", async () => {
    const env = cleanEnv({
      AMI_HOST: "127.0.0.1",
      AMI_PORT: String(simulation().port),
      AMI_USERNAME: "admin",
      AMI_SECRET: "amipass",
    });
    const result = await runBinary(["action", "Ping"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Ping: Pong");
  });

  it("exits 2 without a secret when stdin is not a terminal to ask on", async () => {
    const result = await runBinary(
      ["action", "Ping", "--url", `ami://admin@127.0.0.1:${simulation().port}`],
      {
        input: "",
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no secret: set AMI_SECRET");
  });
});
