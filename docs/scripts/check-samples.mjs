#!/usr/bin/env node
// Type-checks every TypeScript sample in the guides.
//
// Each ```ts (or ```typescript) block of docs/**/*.md (docs/reference/ excepted: it is generated), of
// the root README.md and of packages/cli/README.md is written to docs/.samples/ as its own ES module, then `tsc --noEmit` checks them
// all against the BUILT packages (run `pnpm turbo run build` first; `pnpm test` does). Errors are
// reported at their Markdown file and line. Before that, a self-test proves the checker can fail: a
// sample with a type error must be rejected, or the check itself fails.
//
// Usage: node scripts/check-samples.mjs [--list]
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoDir = resolve(docsDir, "..");
const samplesDir = join(docsDir, ".samples");
const require = createRequire(import.meta.url);

/** Markdown files whose samples are checked. */
function markdownFiles() {
  const files = [join(repoDir, "README.md"), join(repoDir, "packages/cli/README.md")];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (["reference", "node_modules", ".samples", "scripts"].includes(entry.name)) continue;
        walk(path);
      } else if (entry.name.endsWith(".md")) files.push(path);
    }
  };
  walk(docsDir);
  return files.sort();
}

/** The ```ts blocks of a Markdown text, with the 1-based line of their first code line. */
export function extractSamples(text) {
  const samples = [];
  const lines = text.split("\n");
  let open;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (open === undefined) {
      if (fence !== null) open = { fence: fence[2], language: fence[3], start: index + 2, body: [] };
      continue;
    }
    if (line.trim().startsWith(open.fence) && line.trim().replace(/[`~]/g, "") === "") {
      if (open.language === "ts" || open.language === "typescript") {
        samples.push({ line: open.start, code: open.body.join("\n") });
      }
      open = undefined;
      continue;
    }
    open.body.push(line);
  }
  return samples;
}

function tscPath() {
  return join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
}

/** Writes samples and a tsconfig into `dir`, runs tsc, returns its status and output. */
function typecheck(dir, samples) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const origins = new Map();
  samples.forEach((sample, index) => {
    const name = `${String(index + 1).padStart(3, "0")}-${sample.slug}.ts`;
    // `export {}` makes every sample a module, so their top-level names never collide.
    writeFileSync(join(dir, name), `${sample.code}\nexport {};\n`);
    origins.set(name, sample);
  });
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        extends: relative(dir, join(repoDir, "tsconfig.base.json")),
        compilerOptions: {
          noEmit: true,
          types: ["node"],
          declaration: false,
          declarationMap: false,
          sourceMap: false,
        },
        include: ["*.ts"],
      },
      null,
      2,
    ),
  );
  const result = spawnSync(
    process.execPath,
    [tscPath(), "-p", join(dir, "tsconfig.json"), "--pretty", "false"],
    {
      encoding: "utf8",
      cwd: dir,
    },
  );
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  // Point each error at the Markdown line it comes from.
  const mapped = output.replace(
    /^(?:.*[\\/])?(\d{3}-[^(\s]+\.ts)\((\d+),(\d+)\)/gm,
    (whole, file, line, column) => {
      const origin = origins.get(file);
      if (origin === undefined) return whole;
      return `${origin.file}:${origin.line + Number(line) - 1}:${column}`;
    },
  );
  return { status: result.status ?? 1, output: mapped };
}

function main() {
  const samples = [];
  for (const file of markdownFiles()) {
    const shown = relative(repoDir, file);
    for (const sample of extractSamples(readFileSync(file, "utf8"))) {
      const slug = shown
        .replace(/\.md$/, "")
        .replace(/[^\w]+/g, "-")
        .replace(/^-|-$/g, "");
      samples.push({ ...sample, file: shown, slug });
    }
  }
  if (process.argv.includes("--list")) {
    for (const sample of samples) console.log(`${sample.file}:${sample.line}`);
  }
  if (samples.length === 0) {
    console.error("check-samples: found no ```ts samples — the extractor is broken or the docs are gone");
    process.exit(1);
  }

  // Self-test: a wrong sample must fail, at the right Markdown line.
  const broken = extractSamples(
    '# t\n\n```ts\nimport { AmiDecoder } from "@amikit/codec";\nconst n: number = AmiDecoder;\n```\n',
  );
  const selfTest = typecheck(
    join(samplesDir, "self-test"),
    broken.map((sample) => ({ ...sample, file: "self-test.md", slug: "self-test" })),
  );
  if (selfTest.status === 0 || !selfTest.output.includes("self-test.md:5:")) {
    console.error(
      "check-samples: the self-test sample with a type error was not rejected at self-test.md:5:\n" +
        selfTest.output,
    );
    process.exit(1);
  }

  const result = typecheck(join(samplesDir, "docs"), samples);
  const files = new Set(samples.map((sample) => sample.file)).size;
  if (result.status !== 0) {
    process.stderr.write(result.output);
    console.error(
      `check-samples: type errors in the documentation samples (${samples.length} samples in ${files} files)`,
    );
    process.exit(1);
  }
  console.log(`check-samples: ${samples.length} TypeScript samples in ${files} Markdown files type-check`);
}

main();
