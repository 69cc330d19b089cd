// The recipes' documentation samples must run as written: each is extracted from docs/recipes, its import
// of @amikit/node pointed at a stand-in (this package, and a connect() that reaches a fake Asterisk), run,
// and what it printed (or sent) is checked while the fake plays a call.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type AmiClient, createClient } from "@amikit/client";
import { until } from "@amikit/test-support";
import { createFakeAsterisk, type FakeAsterisk, type FakeAsteriskOptions } from "@amikit/testing";
import { afterEach, describe, expect, it, vi } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const docs = join(here, "..", "..", "..", "..", "docs", "recipes");
let fake: FakeAsterisk | undefined;
let directory: string | undefined;
const clients: AmiClient[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const client of clients.splice(0)) await client.close();
  await fake?.close();
  fake = undefined;
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

/** A connected client of the fake, closed after the test. */
async function clientOf(target: FakeAsterisk): Promise<AmiClient> {
  const client = createClient({ transport: target.transport(), username: "admin", secret: "amipass" });
  clients.push(client);
  await client.connect();
  return client;
}

/** Runs the `index`th ```ts block of `docs/recipes/<doc>` against `target`; returns what it logged. */
async function runSample(doc: string, index: number, target: FakeAsterisk): Promise<unknown[][]> {
  const blocks = [...readFileSync(join(docs, doc), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)];
  const source = blocks[index]?.[1];
  expect(source, `${doc} has a ts block #${index}`).toBeDefined();
  directory = mkdtempSync(join(tmpdir(), "amikit-recipe-"));
  const shim = join(directory, "node-shim.ts");
  writeFileSync(
    shim,
    `export * from ${JSON.stringify(join(here, "..", "index.ts"))};\n` +
      "export async function connect() { return (globalThis as any).__recipeClient(); }\n",
  );
  (globalThis as Record<string, unknown>).__recipeClient = () => clientOf(target);
  const file = join(directory, "sample.ts");
  writeFileSync(file, (source as string).replace('"@amikit/node"', JSON.stringify(pathToFileURL(shim).href)));
  const logged: unknown[][] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    logged.push(args);
  });
  await import(pathToFileURL(file).href);
  return logged;
}

const DIALPLAN: FakeAsteriskOptions["dialplan"] = {
  test: {
    xfer: [["Dial", "Local/longtalk@test,10,T"]],
    longtalk: [["Answer"], ["Wait", "30"], ["Hangup"]],
  },
};

describe("the recipes' documentation samples run against the fake Asterisk", () => {
  it("crm-screen-pop.md pushes the ringing pop with the CRM's record, then withdraws it at the call's end", async () => {
    fake = createFakeAsterisk({ timeScale: 0.01, dialplan: DIALPLAN });
    const logged = await runSample("crm-screen-pop.md", 0, fake);
    const actor = await clientOf(fake);
    const answered = await actor.originate({
      Channel: "Local/xfer@test",
      Application: "Wait",
      Data: "1",
      CallerID: '"Someone" <5551234>',
    });
    const linkedid = String(answered.Uniqueid);
    await until(
      () => logged.some(([, message]) => (message as { kind?: string }).kind === "ended"),
      "the end",
    );
    expect(logged[0]).toEqual([
      "→ Local/longtalk@test",
      {
        kind: "ringing",
        call: linkedid,
        direction: "internal",
        queue: "",
        number: "5551234",
        name: "Ada Lovelace",
        account: "ACME-001",
      },
    ]);
    expect(logged.at(-1)).toEqual(["→ Local/longtalk@test", { kind: "ended", call: linkedid }]);
  });

  it("queue-wallboard.md renders each queue with its agents, and the pause reason", async () => {
    fake = createFakeAsterisk({
      timeScale: 0.01,
      queues: { support: { members: [{ interface: "Local/agent1@agents/n", name: "Agent One" }] } },
    });
    const timers: (() => void)[] = [];
    vi.spyOn(globalThis, "setInterval").mockImplementation(((render: () => void) => {
      timers.push(render);
      return 0;
    }) as unknown as typeof setInterval);
    const logged = await runSample("queue-wallboard.md", 0, fake);
    const render = () => {
      logged.length = 0;
      for (const timer of timers) timer();
      return logged.map((args) => String(args[0]));
    };
    await until(() => render().length > 0, "the first sync");
    expect(render()[0]).toMatch(/^support {6}waiting 0 \(longest 0s\) {2}available \d, ringing 0, /);
    const actor = await clientOf(fake);
    await actor.action("QueuePause", {
      Queue: "support",
      Interface: "Local/agent1@agents/n",
      Paused: "true",
      Reason: "lunch",
    });
    await until(() => render().includes("  Agent One paused: lunch"), "the pause");
    expect(render()[0]).toMatch(/paused 1/);
  });

  it("track-a-call-by-linkedid.md records the call once it is bridged", async () => {
    fake = createFakeAsterisk({ timeScale: 0.01, dialplan: DIALPLAN });
    const sent: string[] = [];
    fake.handle("MixMonitor", (request) => {
      sent.push(`${request.get("Channel")} ${request.get("File")}`);
      return { Response: "Success" };
    });
    const logged = await runSample("track-a-call-by-linkedid.md", 1, fake);
    const actor = await clientOf(fake);
    const answered = await actor.originate({ Channel: "Local/xfer@test", Application: "Wait", Data: "1" });
    const linkedid = String(answered.Uniqueid);
    await until(() => sent.length > 0, "MixMonitor");
    expect(sent[0]).toMatch(
      new RegExp(
        `^Local/xfer@test-[0-9a-f]+;2 /var/spool/asterisk/monitor/${linkedid.replace(".", "\\.")}-1\\.wav$`,
      ),
    );
    await until(() => logged.length > 0, "the step logged");
    expect(String(logged[0]?.[0])).toMatch(/^MixMonitor Local\/xfer@test-[0-9a-f]+;2 \S+-1\.wav +$/);
  });
});
