import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../paths.mjs";

const HEADING = "## Benchmarks";

/**
 * Replaces the `## Benchmarks` section at the end of the root README (or appends it) with `body`.
 * The section must be the README's last one: everything from its heading to the end is rewritten.
 * @param {string} readmePath
 * @param {string} body markdown under the heading
 */
export function writeReadmeSection(readmePath, body) {
  const readme = readFileSync(readmePath, "utf8");
  const start = readme.indexOf(`\n${HEADING}\n`);
  if (start >= 0 && readme.indexOf("\n## ", start + 1 + HEADING.length) >= 0) {
    throw new Error(
      `${readmePath}: "${HEADING}" is not the last section; refusing to rewrite what follows it`,
    );
  }
  const head = (start >= 0 ? readme.slice(0, start) : readme).replace(/\n*$/, "");
  writeFileSync(readmePath, `${head}\n\n${HEADING}\n\n${formatMarkdown(body.trim())}\n`);
}

/**
 * Formats markdown the way the repository's formatter (biome) wants it, so the generated section passes
 * `biome check` (it pads table columns). Falls back to the text as is when biome cannot run.
 * @param {string} markdown
 */
export function formatMarkdown(markdown) {
  const biome = path.join(repoRoot, "node_modules", ".bin", "biome");
  const formatted = spawnSync(biome, ["format", "--stdin-file-path=README.md"], {
    cwd: repoRoot,
    input: `${markdown}\n`,
    encoding: "utf8",
  });
  if (formatted.status !== 0 || formatted.stdout.trim() === "") return markdown;
  return formatted.stdout.trim();
}
