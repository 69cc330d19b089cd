import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runDecodeBenchmark } from "./decode/benchmark.mjs";
import { renderDecodeReport, renderDecodeTable, renderTargetLine } from "./report/decode-report.mjs";
import { writeReadmeSection } from "./report/readme-section.mjs";

const usage = `usage: node --expose-gc src/run.mjs [options]
  --size <MB>       size of the timed corpus (default 50)
  --heavy <MB>      size of the correctness-only heavy corpus (default 2)
  --chunk <bytes>   bytes per simulated socket read (default 65536)
  --rounds <n>      timed rounds, median reported (default 7)
  --warmups <n>     untimed warm-up rounds (default 1)
  --out <file>      where to write the markdown (default results/latest.md; "-" for none)
  --readme          also rewrite the "## Benchmarks" section at the end of the root README.md
  --quiet           no progress lines on stderr`;

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "50" },
    heavy: { type: "string", default: "2" },
    chunk: { type: "string", default: "65536" },
    rounds: { type: "string", default: "7" },
    warmups: { type: "string", default: "1" },
    out: { type: "string" },
    readme: { type: "boolean", default: false },
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
if (values.readme) {
  const readme = path.join(benchDir, "..", "README.md");
  const { machine } = result;
  writeReadmeSection(
    readme,
    [
      `\`pnpm bench\` ([bench/](bench)) compares amikit with the Node AMI libraries on real Asterisk 22 traffic; method, how each library is driven and what moved the numbers are in [bench/README.md](bench/README.md), the full latest report in [bench/results/latest.md](bench/results/latest.md).`,
      "",
      `Decoding (bytes → packets), ${(result.corpus.bytes / 1e6).toFixed(0)} MB of call-burst events, median of ${result.settings.rounds} rounds:`,
      "",
      renderDecodeTable(result),
      "",
      renderTargetLine(result),
      "",
      `Machine: ${machine.cpu}, ${machine.cores} cores (shared with other jobs; load average ${machine.loadAverage} at start), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; run ${result.startedAt.slice(0, 10)}.`,
    ].join("\n"),
  );
  console.error("[bench] updated the Benchmarks section of README.md");
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
