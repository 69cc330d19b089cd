#!/usr/bin/env node
// Type-checks every TypeScript sample in the guides.
//
// Each ```ts (or ```typescript) block, and each ```js (```javascript, ```mjs) block, of docs/**/*.md
// (docs/reference/ excepted: it is generated) and of every README.md in the repository (the root, and
// those of packages/*, tools/*, examples/* and bench/) is written to docs/.samples/ as its own ES module
// (.ts, or .mjs checked with checkJs), then `tsc --noEmit` checks them all against the BUILT packages
// (run `pnpm turbo run build` first; `pnpm test` does). Errors are reported at their Markdown file and
// line. Before that, a self-test proves the checker can fail: a sample with a type error must be
// rejected, or the check itself fails.
//
// A sample must therefore be complete: declare what it uses (a `declare const ami: AmiClient;` line is
// enough for a fragment).
//
// Usage: node scripts/check-samples.mjs [--list]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoDir = resolve(docsDir, "..");
const samplesDir = join(docsDir, ".samples");
const require = createRequire(import.meta.url);

/** The README.md of the root and of each workspace folder (packages/*, tools/*, examples/*, bench). */
function readmeFiles() {
  const files = [join(repoDir, "README.md"), join(repoDir, "bench", "README.md")];
  for (const parent of ["packages", "tools", "examples"]) {
    for (const entry of readdirSync(join(repoDir, parent), { withFileTypes: true })) {
      if (entry.isDirectory()) files.push(join(repoDir, parent, entry.name, "README.md"));
    }
  }
  return files.filter((file) => existsSync(file));
}

/** Markdown files whose samples are checked. */
function markdownFiles() {
  const files = readmeFiles();
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

/**
 * READMEs whose samples are still fragments (they use names they do not declare). Their errors are
 * printed as warnings instead of failing the check, until their owners make them complete; an entry
 * whose file has become clean fails the check, so the list only shrinks.
 */
const pending = new Set();

/** Fence languages that are checked, and the file extension each is checked as. */
const sampleLanguages = { ts: "ts", typescript: "ts", js: "mjs", javascript: "mjs", mjs: "mjs" };

/** The ```ts and ```js blocks of a Markdown text, with the 1-based line of their first code line. */
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
      const language = sampleLanguages[open.language];
      if (language !== undefined) samples.push({ line: open.start, code: open.body.join("\n"), language });
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
    const name = `${String(index + 1).padStart(3, "0")}-${sample.slug}.${sample.language ?? "ts"}`;
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
          allowJs: true,
          checkJs: true,
          types: ["node"],
          declaration: false,
          declarationMap: false,
          sourceMap: false,
        },
        include: ["*.ts", "*.mjs"],
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
    /^(?:.*[\\/])?(\d{3}-[^(\s]+\.m?[tj]s)\((\d+),(\d+)\)/gm,
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
    '# t\n\n```ts\nimport { AmiDecoder } from "@amikit/codec";\nconst n: number = AmiDecoder;\n```\n\n' +
      '```js\nimport { encodeAction } from "@amikit/codec";\nencodeAction(42);\n```\n',
  );
  const selfTest = typecheck(
    join(samplesDir, "self-test"),
    broken.map((sample) => ({ ...sample, file: "self-test.md", slug: "self-test" })),
  );
  if (
    selfTest.status === 0 ||
    !selfTest.output.includes("self-test.md:5:") ||
    !selfTest.output.includes("self-test.md:10:")
  ) {
    console.error(
      "check-samples: the self-test samples with a type error (ts and js) were not rejected at " +
        "self-test.md:5: and self-test.md:10:\n" +
        selfTest.output,
    );
    process.exit(1);
  }

  const result = typecheck(join(samplesDir, "docs"), samples);
  const files = new Set(samples.map((sample) => sample.file)).size;
  const errorLines = result.output.split("\n").filter((line) => /error TS\d+/.test(line));
  const pendingErrors = errorLines.filter((line) => pending.has(line.split(":")[0] ?? ""));
  const failures = errorLines.filter((line) => !pendingErrors.includes(line));
  if (pendingErrors.length > 0) {
    process.stderr.write(
      `check-samples: warning: ${pendingErrors.length} type errors in READMEs not yet made complete ` +
        `(${[...new Set(pendingErrors.map((line) => line.split(":")[0]))].join(", ")}):\n` +
        `${pendingErrors.map((line) => `  ${line}`).join("\n")}\n`,
    );
  }
  for (const file of pending) {
    if (!pendingErrors.some((line) => line.startsWith(`${file}:`))) {
      console.error(`check-samples: ${file} type-checks now: remove it from the pending list`);
      process.exit(1);
    }
  }
  if (result.status !== 0 && (failures.length > 0 || pendingErrors.length === 0)) {
    process.stderr.write(`${failures.length > 0 ? failures.join("\n") : result.output}\n`);
    console.error(
      `check-samples: type errors in the documentation samples (${samples.length} samples in ${files} files)`,
    );
    process.exit(1);
  }
  console.log(
    `check-samples: ${samples.length} TypeScript and JavaScript samples in ${files} Markdown files type-check` +
      (pending.size > 0 ? ` (errors in ${pending.size} pending READMEs only warned about)` : ""),
  );
}

main();
