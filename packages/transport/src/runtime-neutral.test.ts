import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The contract and the adapter core run on every runtime: only the conformance suite (a test kit that
// starts loopback servers) may use `node:` modules.
const sourceDir = new URL("./", import.meta.url);
const coreFiles = readdirSync(sourceDir).filter((name) => name.endsWith(".ts") && !name.includes(".test."));

describe("the package entry point", () => {
  it("has source files to check", () => {
    expect(coreFiles).toContain("index.ts");
  });

  it.each(coreFiles)("%s imports no node: module and uses no Buffer", (name) => {
    const source = readFileSync(new URL(name, sourceDir), "utf8");
    expect(source).not.toMatch(/from\s+"node:/);
    expect(source).not.toMatch(/\bBuffer\b/);
  });
});
