import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { natsServerAvailable, TestNatsServer } from "./test-support/harness.ts";

const EXAMPLE = new URL("../../../examples/nats-relay/", import.meta.url).pathname;

describe.skipIf(!natsServerAvailable())("examples/nats-relay", () => {
  let server: TestNatsServer;

  beforeAll(async () => {
    server = await TestNatsServer.start();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it("relays two simulated servers: events per server, an allowed Originate, a refused one, a list", async () => {
    const child = spawn(process.execPath, ["main.mjs"], {
      cwd: EXAMPLE,
      env: { ...process.env, NATS_URL: server.url, EXAMPLE_SECONDS: "0.5" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, output).toBe(0);
    for (const line of [
      "relay   pbx-a  connected  epoch 1",
      "relay   pbx-b  connected  epoch 1",
      "pbx-a   OriginateResponse: Success",
      "pbx-a   Newchannel  Local/wait@test-00000000;1",
      "pbx-b   refused: AmiActionNotAllowedError",
      "pbx-b   Newchannel  PJSIP/bob-00000001",
      "pbx-b   CoreShowChannels: 0 channels",
    ]) {
      expect(output).toContain(line);
    }
    expect(output.trimEnd().endsWith("Closed")).toBe(true);
  }, 60_000);
});
