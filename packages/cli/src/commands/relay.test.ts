import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { createRemoteClient } from "@amikit/nats";
import { createFakeAsterisk, type FakeAsterisk } from "@amikit/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  cleanEnv,
  closedPort,
  finished,
  runBinary,
  startBinary,
  waitForOutput,
} from "../test-support/run-binary.ts";

const natsBinary = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/local/sbin"]
  .filter((dir) => dir !== "")
  .map((dir) => join(dir, "nats-server"))
  .find((path) => existsSync(path));
if (natsBinary === undefined && process.env.AMIKIT_REQUIRE_NATS === "1") {
  throw new Error("AMIKIT_REQUIRE_NATS=1 but nats-server is not installed (apt-get install -y nats-server)");
}
if (natsBinary === undefined) {
  console.log("amikit relay tests skipped: nats-server is not installed (apt-get install -y nats-server)");
}

const SECRET = "relay-test-secret-5f3a";

describe.skipIf(natsBinary === undefined)("amikit relay", () => {
  let nats: ChildProcess;
  let natsUrl: string;
  let store: string;
  let client: NatsConnection;
  let fake: FakeAsterisk;
  let amiPort: number;
  let configDir: string;

  beforeAll(async () => {
    assertBuilt();
    const port = await closedPort();
    natsUrl = `nats://127.0.0.1:${port}`;
    store = mkdtempSync(join(tmpdir(), "amikit-cli-nats-"));
    nats = spawn(natsBinary as string, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", store], {
      stdio: "ignore",
    });
    for (let attempt = 0; ; attempt++) {
      try {
        client = await connect({ servers: natsUrl, reconnect: false });
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    fake = createFakeAsterisk({ users: { relay: { secret: SECRET } } });
    amiPort = (await fake.listen()).port;
    configDir = mkdtempSync(join(tmpdir(), "amikit-relay-config-"));
  });

  afterAll(async () => {
    await client?.close();
    await fake?.close();
    // Remove the store only once the server has exited: a server still flushing JetStream writes into
    // it while it is removed (ENOTEMPTY, seen in CI).
    if (nats !== undefined && nats.exitCode === null && nats.signalCode === null) {
      const exited = new Promise<void>((resolve) => nats.once("exit", () => resolve()));
      nats.kill("SIGTERM");
      const timer = setTimeout(() => nats.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(store, { recursive: true, force: true, maxRetries: 5 });
    rmSync(configDir, { recursive: true, force: true });
  });

  function writeConfig(config: unknown): string {
    const path = join(configDir, `relay-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(config));
    return path;
  }

  it("relays a server to JetStream until Ctrl-C, printing status lines and never the secret", async () => {
    const path = writeConfig({
      nats: { servers: natsUrl },
      servers: [
        { name: "cli-pbx", host: "127.0.0.1", port: amiPort, username: "relay", secretEnv: "PBX_SECRET" },
      ],
    });
    const relay = startBinary(["relay", "--config", path], { env: cleanEnv({ PBX_SECRET: SECRET }) });
    await waitForOutput(relay, /cli-pbx {2}connected {2}epoch 1/);
    const remote = await createRemoteClient({ nats: client, server: "cli-pbx" });
    const seen = new Promise((resolve) => remote.on("UserEvent").subscribe(resolve));
    fake.emit({ Event: "UserEvent", UserEvent: "hello", Variable: ["a=1", "b=2"] });
    expect(await seen).toMatchObject({ UserEvent: "hello", Variable: ["a=1", "b=2"] });
    expect((await remote.action("Ping")).Ping).toBe("Pong");
    await remote.close();
    relay.kill("SIGINT");
    const result = await finished(relay);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/cli-pbx {2}stopped {2}epoch 1/);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it("refuses a config with the secret written in it (exit 2), without echoing it", async () => {
    const path = writeConfig({
      nats: { servers: natsUrl },
      servers: [{ name: "cli-pbx", username: "relay", secret: SECRET }],
    });
    const result = await runBinary(["relay", "--config", path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('name an environment variable with "secretEnv"');
    expect(result.stderr).not.toContain(SECRET);
  });

  it("says which variable is missing (exit 2) and needs --config", async () => {
    const path = writeConfig({ servers: [{ name: "cli-pbx", username: "relay" }] });
    const missing = await runBinary(["relay", "--config", path]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("AMIKIT_SECRET_CLI_PBX");
    const noConfig = await runBinary(["relay"]);
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toContain("--config");
  });
});
