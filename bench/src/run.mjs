import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runDecodeBenchmark } from "./decode/benchmark.mjs";
import { renderDecodeReport } from "./report/decode-report.mjs";

const usage = `usage: node --expose-gc src/run.mjs [options]
  --size <MB>       size of the timed corpus (default 50)
  --heavy <MB>      size of the correctness-only heavy corpus (default 2)
  --chunk <bytes>   bytes per simulated socket read (default 65536)
  --rounds <n>      timed rounds, median reported (default 7)
  --warmups <n>     untimed warm-up rounds (default 1)
  --out <file>      where to write the markdown (default results/latest.md; "-" for none)
  --quiet           no progress lines on stderr`;

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "50" },
    heavy: { type: "string", default: "2" },
    chunk: { type: "string", default: "65536" },
    rounds: { type: "string", default: "7" },
    warmups: { type: "string", default: "1" },
    out: { type: "string" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const result = await runDecodeBenchmark({
  corpusBytes: positive("size") * 1e6,
  heavyBytes: positive("heavy") * 1e6,
  chunkBytes: positive("chunk"),
  rounds: positive("rounds"),
  warmups: Number(values.warmups),
  log: values.quiet ? () => {} : (line) => console.error(`[bench] ${line}`),
});
const markdown = `# amikit benchmarks — latest run\n\nWritten by \`pnpm bench\` (bench/src/run.mjs); see bench/README.md for method.\n\n${renderDecodeReport(result)}`;
process.stdout.write(markdown);
const out = values.out ?? path.join(benchDir, "results", "latest.md");
if (out !== "-") {
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  console.error(`[bench] wrote ${path.relative(process.cwd(), out)}`);
}

/** @param {"size" | "heavy" | "chunk" | "rounds"} name */
function positive(name) {
  const value = Number(values[name]);
  if (!(value > 0)) {
    console.error(`--${name} must be a positive number\n${usage}`);
    process.exit(2);
  }
  return value;
}
