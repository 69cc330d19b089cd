import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describe("package entry points", () => {
  it("has one export and one entry file per generated release directory", () => {
    const releases = readdirSync(new URL("./generated", import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(releases).toEqual(["asterisk-18", "asterisk-20", "asterisk-21", "asterisk-22", "asterisk-23"]);
    const manifest = JSON.parse(readFileSync(`${packageDir}/package.json`, "utf8")) as {
      exports: Record<string, { types: string; default: string }>;
    };
    expect(Object.keys(manifest.exports).sort()).toEqual([".", ...releases.map((r) => `./${r}`)]);
    for (const release of releases) {
      expect(manifest.exports[`./${release}`]).toEqual({
        types: `./dist/${release}.d.ts`,
        default: `./dist/${release}.js`,
      });
      expect(existsSync(`${packageDir}/src/${release}.ts`), release).toBe(true);
      expect(readFileSync(`${packageDir}/src/${release}.ts`, "utf8")).toContain(
        `./generated/${release}/index.ts`,
      );
    }
  });
});
