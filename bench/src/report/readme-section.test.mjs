import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeReadmeSection } from "./readme-section.mjs";

describe("README benchmarks section", () => {
  const file = () => path.join(mkdtempSync(path.join(tmpdir(), "bench-readme-")), "README.md");

  it("appends the section, then replaces only it on the next run", () => {
    const readme = file();
    writeFileSync(readme, "# x\n\n## Development\n\ntext\n");
    writeReadmeSection(readme, "table 1");
    expect(readFileSync(readme, "utf8")).toBe("# x\n\n## Development\n\ntext\n\n## Benchmarks\n\ntable 1\n");
    writeReadmeSection(readme, "table 2\n");
    expect(readFileSync(readme, "utf8")).toBe("# x\n\n## Development\n\ntext\n\n## Benchmarks\n\ntable 2\n");
  });

  it("refuses when another section follows it", () => {
    const readme = file();
    writeFileSync(readme, "# x\n\n## Benchmarks\n\nold\n\n## Later\n\nkeep\n");
    expect(() => writeReadmeSection(readme, "new")).toThrow(/not the last section/);
    expect(readFileSync(readme, "utf8")).toContain("## Later");
  });
});
