// The README's example must run as written: extract it, point its import of @amikit/node at a stand-in
// (this package's trackPbx, and a connect() that reaches a fake Asterisk), run it, check what it printed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createClient } from "@amikit/client";
import { createFakeAsterisk } from "@amikit/testing";
import { afterEach, describe, expect, it, vi } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
let directory: string | undefined;
const fake = createFakeAsterisk({ timeScale: 0.01 });
afterEach(async () => {
  vi.restoreAllMocks();
  await fake.close();
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
});

describe("README", () => {
  it("the example runs: it sees the call's channels come and go, and the call end", async () => {
    const readme = readFileSync(join(here, "..", "README.md"), "utf8");
    const example = readme.match(/## Example[\s\S]*?```ts\n([\s\S]*?)```/)?.[1];
    expect(example).toBeDefined();
    directory = mkdtempSync(join(tmpdir(), "amikit-live-readme-"));
    const shim = join(directory, "node-shim.ts");
    writeFileSync(
      shim,
      `export { trackPbx } from ${JSON.stringify(join(here, "index.ts"))};\n` +
        "export async function connect(options: unknown) { const client = (globalThis as any).__liveReadme(options); await client.connect(); return client; }\n",
    );
    (globalThis as Record<string, unknown>).__liveReadme = (options: Record<string, unknown>) =>
      createClient({ ...options, transport: fake.transport() } as Parameters<typeof createClient>[0]);
    const source = (example as string).replace('"@amikit/node"', JSON.stringify(pathToFileURL(shim).href));
    const file = join(directory, "live.ts");
    writeFileSync(file, source);
    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(args.join(" "));
    });
    await import(pathToFileURL(file).href);
    const { until } = await import("@amikit/test-support");
    await until(() => printed.includes("call ended"), "the call ends", 10_000);
    expect(printed[0]).toMatch(/^added channels \S+ \(Newchannel\)$/);
    expect(printed.some((line) => /^call \S+: 2 channels$/.test(line))).toBe(true);
    expect(printed.filter((line) => line.startsWith("removed channels")).length).toBe(2);
    expect(printed.some((line) => /^added calls \S+ \(Newchannel\)$/.test(line))).toBe(true);
  });
});
