import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createFakeAsterisk, type FakeAsterisk } from "@amikit/testing";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allConnected,
  natsConnect,
  natsServerAvailable,
  relayOver,
  stored,
  TestNatsServer,
  type TestRelay,
  testEventFields,
} from "./test-support/harness.ts";

const PACKAGE = new URL("..", import.meta.url).pathname;
const BIN = new URL("../../../node_modules/.bin/", import.meta.url).pathname;
const SCRIPT = "runtime-check/remote-client.ts";
const EVENTS = 500;

/** Runs the check script under `command`, resolving with its last output line parsed. */
function runCheck(command: string[], url: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const [binary, ...args] = command as [string, ...string[]];
    const child = spawn(binary, [...args, SCRIPT, url, "pbx", String(EVENTS)], {
      cwd: PACKAGE,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0) reject(new Error(`${binary} exited with ${code}:\n${output}\n${errors}`));
      else resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

// Node runs every other test file of this package; these two run the same client under Deno and Bun.
const runtimes: [string, string[]][] = [
  ["Deno", [`${BIN}deno`, "run", "--allow-all", "--no-check", "--config", "deno.json"]],
  ["Bun", [`${BIN}bun`]],
];

describe.skipIf(!natsServerAvailable())("the remote client under Deno and Bun", () => {
  let server: TestNatsServer;
  let nats: NatsConnection;
  let relay: TestRelay;
  let fake: FakeAsterisk;

  beforeAll(async () => {
    server = await TestNatsServer.start();
    nats = await natsConnect(server.url);
    fake = createFakeAsterisk();
    fake.handle("QueueStatus", (request) => {
      request.list([{ Event: "QueueParams", Queue: "sales" }], { complete: "QueueStatusComplete" });
      return undefined;
    });
    relay = await relayOver(nats, { pbx: fake });
    await allConnected(relay);
    for (let n = 1; n <= EVENTS; n++) fake.emit(testEventFields("pbx", n));
    await stored(relay, "pbx", EVENTS);
  });

  afterAll(async () => {
    await relay?.close();
    await nats?.close();
    await fake?.close();
    await server?.dispose();
  });

  for (const [name, command] of runtimes) {
    const available = existsSync(command[0] as string);
    it.skipIf(!available)(
      `${name}: reads the stream in order with its markers and runs actions`,
      async () => {
        const result = await runCheck(command, server.url);
        expect(result).toEqual({
          inOrder: true,
          events: EVENTS,
          markers: ["connected"],
          ping: "Pong",
          items: 1,
        });
      },
      60_000,
    );
  }
});
