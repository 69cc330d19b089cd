// The README's quick start must run as written: extract it, point its import of @amikit/client at this
// package's source, run it, and check what it printed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
let directory: string | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
});

describe("README", () => {
  it("quick start runs and prints what its comments say", async () => {
    const readme = readFileSync(join(here, "..", "README.md"), "utf8");
    const quickStart = readme.match(/## Quick start[\s\S]*?```ts\n([\s\S]*?)```/)?.[1];
    expect(quickStart).toBeDefined();
    const source = (quickStart as string)
      .replace('"@amikit/client"', JSON.stringify(join(here, "index.ts")))
      .replace('"@amikit/testing"', JSON.stringify(import.meta.resolve("@amikit/testing")));
    directory = mkdtempSync(join(tmpdir(), "amikit-client-readme-"));
    const file = join(directory, "quick-start.ts");
    writeFileSync(file, source);
    const printed: unknown[][] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(args);
    });
    await import(pathToFileURL(file).href);
    expect(printed[0]).toEqual(["Pong"]);
    expect(String((printed[1] as string[][])[0])).toMatch(/^Asterisk 22\.10\.1 built by/);
    expect(printed[2]).toEqual(["Success", "Local/echo@test-00000000;1"]);
    expect(printed[3]).toEqual([["Local/echo@test-00000000;2", "Local/echo@test-00000000;1"], "2"]);
  });
});
