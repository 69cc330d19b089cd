#!/usr/bin/env node
// The packaging test: uses the published packages as a stranger would, outside the workspace.
//
//   pnpm build && pnpm package-test        (CI runs it from .ci/run, after `pnpm test`)
//
// 1. Packs every publishable workspace package (`pnpm pack`, which rewrites `workspace:` ranges) and
//    checks each tarball: no `workspace:` range left, LICENSE, README and the registry metadata present,
//    no test files, type tests or test-support code.
// 2. npm, then pnpm with its default strict layout: a throwaway project under the OS temp directory
//    installs only `@amikit/node` and `@amikit/cli` (the other @amikit packages arrive as their
//    dependencies, pointed at the local tarballs with overrides; rxjs and the rest come from the npm
//    registry), type-checks the README's 10-line example with the repository's TypeScript under
//    `module: nodenext` and under `moduleResolution: bundler`, and runs the compiled example against
//    `amikit simulate` started from the installed CLI.
// 3. Deno (`npm:@amikit/deno`, from an npm-installed node_modules) and Bun (`@amikit/bun`) run the same
//    example against the simulator.
//
// Needs the packages built, network access to the npm registry, and runs in a few minutes. Each step
// prints one line; a failure names the step and shows what the tool said, then exits 1.
// Options: --keep (leave the temporary directory for inspection).
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");
const work = mkdtempSync(join(tmpdir(), "amikit-package-test-"));
const bin = (name) => join(repo, "node_modules", ".bin", name);
const pnpmCommand = ["npx", "-y", "pnpm@12.4.2"];
// Packages a user names; the others must arrive as their dependencies.
const userPackages = ["@amikit/node", "@amikit/cli"];
const metadataFields = ["license", "repository", "homepage", "bugs", "engines", "keywords"];

class StepFailure extends Error {}

let currentStep = "setup";
const started = Date.now();

/** Runs `body` as a named step, printing its outcome. */
async function step(name, body) {
  currentStep = name;
  const at = Date.now();
  const detail = await body();
  console.log(`ok    ${name}${detail ? ` — ${detail}` : ""} (${((Date.now() - at) / 1000).toFixed(1)} s)`);
}

/** Runs a command to completion; throws StepFailure with its output when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? work,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: options.timeout ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const how = result.error ? String(result.error) : `exit code ${result.status ?? result.signal}`;
    throw new StepFailure(
      `\`${[command, ...args].join(" ")}\` in ${options.cwd ?? work} failed (${how}):\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

function fail(message) {
  throw new StepFailure(message);
}

/** The workspace packages that are published: every packages/* and tools/* without `private`. */
function publishablePackages() {
  const found = [];
  for (const parent of ["packages", "tools"]) {
    for (const entry of readdirSync(join(repo, parent), { withFileTypes: true })) {
      const manifestPath = join(repo, parent, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
      if (manifest.private !== true) found.push({ name: manifest.name, dir: join(repo, parent, entry.name) });
    }
  }
  return found;
}

/** The README's 10-line example: the first ```ts block after its "## 10-line example" heading. */
function readmeExample() {
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  const section =
    readme.split(/^## 10-line example$/m)[1] ?? fail("README.md has no '## 10-line example' section");
  const match =
    /```ts\n([\s\S]*?)```/.exec(section) ?? fail("the README's example section has no ```ts block");
  const code = match[1];
  if (!code.includes("port: 5038"))
    fail("the README example no longer says `port: 5038`; update scripts/package-test.mjs");
  return code;
}

/** The example for one runtime package, aimed at the simulator's port. */
function exampleFor(runtimePackage, port, specifier = runtimePackage) {
  return readmeExample()
    .replace('from "@amikit/node"', `from "${specifier}"`)
    .replace("port: 5038", `port: ${port}`)
    .replace(/^/, `// The README's example, as scripts/package-test.mjs runs it with ${runtimePackage}.\n`);
}

/** Writes a throwaway project's package.json: `dependencies` from tarballs, every @amikit package overridden. */
function writeProject(dir, dependencies, tarballs, layout) {
  mkdirSync(dir, { recursive: true });
  const overrides = Object.fromEntries(
    Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]),
  );
  const manifest = {
    name: `amikit-package-test-${layout}`,
    private: true,
    type: "module",
    dependencies: Object.fromEntries(dependencies.map((name) => [name, `file:${tarballs[name]}`])),
    devDependencies: { "@types/node": "20.19.25" },
  };
  if (layout === "pnpm") {
    writeFileSync(
      join(dir, "pnpm-workspace.yaml"),
      `overrides:\n${Object.entries(overrides)
        .map(([n, v]) => `  "${n}": "${v}"`)
        .join("\n")}\n`,
    );
  } else {
    manifest.overrides = overrides;
  }
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Type-checks `example.ts` in `dir` under nodenext (emitting JS to out/) and under bundler resolution. */
function typecheck(dir) {
  const common = {
    target: "ES2022",
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    types: ["node"],
    lib: ["ES2023"],
  };
  writeFileSync(
    join(dir, "tsconfig.nodenext.json"),
    JSON.stringify(
      {
        compilerOptions: { ...common, module: "nodenext", moduleResolution: "nodenext", outDir: "out" },
        files: ["example.ts"],
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, "tsconfig.bundler.json"),
    JSON.stringify(
      {
        compilerOptions: { ...common, module: "esnext", moduleResolution: "bundler", noEmit: true },
        files: ["example.ts"],
      },
      null,
      2,
    ),
  );
  run(bin("tsc"), ["-p", "tsconfig.nodenext.json"], { cwd: dir });
  run(bin("tsc"), ["-p", "tsconfig.bundler.json"], { cwd: dir });
}

/** Starts `amikit simulate --port 0 --json` from a project's installed CLI; resolves with its port and a stop(). */
async function startSimulator(dir) {
  const cli = join(dir, "node_modules", ".bin", "amikit");
  if (!existsSync(cli)) fail(`the installed @amikit/cli has no node_modules/.bin/amikit in ${dir}`);
  const child = spawn(cli, ["simulate", "--port", "0", "--json", "--calls-per-second", "2"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text) => {
    stdout += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text) => {
    stderr += text;
  });
  const exited = new Promise((done) => child.on("close", (code, signal) => done({ code, signal })));
  const port = await new Promise((done, reject) => {
    const timer = setTimeout(
      () => reject(new StepFailure(`amikit simulate printed no address within 15 s:\n${stdout}${stderr}`)),
      15_000,
    );
    const poll = setInterval(() => {
      const line = /^\{.*\}$/m.exec(stdout);
      if (line === null) return;
      clearInterval(poll);
      clearTimeout(timer);
      done(JSON.parse(line[0]).port);
    }, 20);
    exited.then(({ code }) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new StepFailure(`amikit simulate exited (${code}) before listening:\n${stdout}${stderr}`));
    });
  });
  return {
    port,
    async stop() {
      child.kill("SIGTERM");
      const { code } = await exited;
      if (code !== 0) fail(`amikit simulate ended with ${code} on SIGTERM:\n${stderr}`);
    },
  };
}

/** Runs the example with `command`; checks it ends by itself and printed what the README promises. */
function runExample(command, args, dir, env = {}) {
  const output = run(command, args, { cwd: dir, env, timeout: 60_000 });
  for (const expected of [/^\d+ channels up$/m, /^call answered on PJSIP\/bob-[0-9a-f]+$/m]) {
    if (!expected.test(output)) fail(`the example's output lacks ${expected}:\n${output}`);
  }
  return output.trim().split("\n").length;
}

async function main() {
  const packages = publishablePackages();
  const tarballDir = join(work, "tarballs");
  mkdirSync(tarballDir);
  /** @type {Record<string, string>} */
  const tarballs = {};

  await step(`pack ${packages.length} publishable packages`, () => {
    for (const { name, dir } of packages) {
      if (!existsSync(join(dir, "dist"))) fail(`${name} is not built (no ${dir}/dist): run pnpm build first`);
      const before = new Set(readdirSync(tarballDir));
      run(pnpmCommand[0], [...pnpmCommand.slice(1), "pack", "--pack-destination", tarballDir], { cwd: dir });
      const created = readdirSync(tarballDir).filter((file) => !before.has(file));
      if (created.length !== 1) fail(`pnpm pack of ${name} made ${created.length} tarballs`);
      tarballs[name] = join(tarballDir, created[0]);
    }
    return packages.map(({ name }) => name).join(", ");
  });

  await step("tarballs: no workspace: range, metadata and LICENSE present, no tests or test-support", () => {
    const rootLicense = readFileSync(join(repo, "LICENSE"), "utf8");
    for (const [name, tarball] of Object.entries(tarballs)) {
      const files = run("tar", ["-tzf", tarball]).trim().split("\n");
      for (const required of ["package/package.json", "package/LICENSE", "package/README.md"]) {
        if (!files.includes(required))
          fail(`${name}: the tarball has no ${required.slice("package/".length)}`);
      }
      if (run("tar", ["-xzOf", tarball, "package/LICENSE"]) !== rootLicense) {
        fail(`${name}: the LICENSE in the tarball differs from the repository's LICENSE`);
      }
      const testFiles = files.filter((file) =>
        /test-support\/|\.test\.|\.test-d\.|\.(deno|bun)-test\./.test(file),
      );
      if (testFiles.length > 0) fail(`${name}: the tarball ships test code: ${testFiles.join(", ")}`);
      const manifestText = run("tar", ["-xzOf", tarball, "package/package.json"]);
      if (manifestText.includes("workspace:"))
        fail(`${name}: the packed package.json still has a workspace: range:\n${manifestText}`);
      const manifest = JSON.parse(manifestText);
      const missing = metadataFields.filter((field) => manifest[field] === undefined);
      if (missing.length > 0) fail(`${name}: the packed package.json lacks ${missing.join(", ")}`);
      if (manifest.repository.directory === undefined) fail(`${name}: repository has no directory`);
      const runtimeDependencies = {
        ...manifest.dependencies,
        ...manifest.peerDependencies,
        ...manifest.optionalDependencies,
      };
      const unpublished = Object.keys(runtimeDependencies).filter(
        (dep) => dep.startsWith("@amikit/") && tarballs[dep] === undefined,
      );
      if (unpublished.length > 0)
        fail(`${name} depends on ${unpublished.join(", ")}, which is private: users could not install it`);
    }
    return `${Object.keys(tarballs).length} tarballs`;
  });
  for (const name of userPackages) if (tarballs[name] === undefined) fail(`${name} was not packed`);

  for (const layout of ["npm", "pnpm"]) {
    const dir = join(work, layout);
    await step(`${layout}: install only ${userPackages.join(" and ")} from their tarballs`, () => {
      writeProject(dir, userPackages, tarballs, layout);
      if (layout === "npm")
        run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir });
      else
        run(pnpmCommand[0], [...pnpmCommand.slice(1), "install", "--config.confirmModulesPurge=false"], {
          cwd: dir,
        });
      if (layout === "pnpm" && existsSync(join(dir, "node_modules", "@amikit", "client"))) {
        fail(
          "pnpm hoisted @amikit/client to the top level: the layout is not strict, the test would prove nothing",
        );
      }
      return undefined;
    });
    await step(
      `${layout}: the README example type-checks (module nodenext; moduleResolution bundler)`,
      () => {
        writeFileSync(join(dir, "example.ts"), exampleFor("@amikit/node", 5038));
        typecheck(dir);
        return undefined;
      },
    );
    await step(
      `${layout}: the example (compiled, and as plain .mjs) runs against amikit simulate from the installed CLI, and ends`,
      async () => {
        const simulator = await startSimulator(dir);
        try {
          writeFileSync(join(dir, "example.ts"), exampleFor("@amikit/node", simulator.port));
          run(bin("tsc"), ["-p", "tsconfig.nodenext.json"], { cwd: dir });
          const lines = runExample(process.execPath, [join("out", "example.js")], dir);
          // The README says the example is plain JavaScript too, runnable on Node 20 as example.mjs.
          writeFileSync(join(dir, "example.mjs"), exampleFor("@amikit/node", simulator.port));
          runExample(process.execPath, ["example.mjs"], dir);
          return `${lines} lines of output, compiled and as example.mjs`;
        } finally {
          await simulator.stop();
        }
      },
    );
  }

  const runtimes = join(work, "runtimes");
  await step("deno and bun: npm installs @amikit/deno and @amikit/bun from their tarballs", () => {
    writeProject(runtimes, ["@amikit/deno", "@amikit/bun", "@amikit/cli"], tarballs, "npm");
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: runtimes });
    writeFileSync(join(runtimes, "deno.json"), `${JSON.stringify({ nodeModulesDir: "manual" }, null, 2)}\n`);
    return undefined;
  });
  await step("deno: the example runs with npm:@amikit/deno", async () => {
    const simulator = await startSimulator(runtimes);
    try {
      writeFileSync(
        join(runtimes, "deno-example.ts"),
        exampleFor("@amikit/deno", simulator.port, "npm:@amikit/deno"),
      );
      const lines = runExample(
        bin("deno"),
        ["run", "--allow-net=127.0.0.1", "--allow-env", "--allow-read", "deno-example.ts"],
        runtimes,
        {
          DENO_NO_UPDATE_CHECK: "1",
          DENO_DIR: join(work, "deno-cache"),
        },
      );
      return `${lines} lines of output`;
    } finally {
      await simulator.stop();
    }
  });
  await step("bun: the example runs with @amikit/bun", async () => {
    const simulator = await startSimulator(runtimes);
    try {
      writeFileSync(join(runtimes, "bun-example.ts"), exampleFor("@amikit/bun", simulator.port));
      const lines = runExample(bin("bun"), ["bun-example.ts"], runtimes);
      return `${lines} lines of output`;
    } finally {
      await simulator.stop();
    }
  });
}

try {
  await main();
  console.log(`package test passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (!keep) rmSync(work, { recursive: true, force: true });
} catch (error) {
  console.error(`FAILED package test, step "${currentStep}":`);
  console.error(error instanceof StepFailure ? error.message : error);
  console.error(`(the throwaway projects are kept in ${work})`);
  process.exitCode = 1;
}
