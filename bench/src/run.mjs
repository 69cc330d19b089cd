import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runDecodeBenchmark } from "./decode/benchmark.mjs";
import { runE2eBenchmark } from "./e2e/benchmark.mjs";
import { renderDecodeReport, renderDecodeTable, renderTargetLine } from "./report/decode-report.mjs";
import {
  renderE2eExtraTable,
  renderE2eReferences,
  renderE2eReport,
  renderE2eTable,
  renderE2eTargets,
} from "./report/e2e-report.mjs";
import { writeReadmeSection } from "./report/readme-section.mjs";

const usage = `usage: node --expose-gc src/run.mjs [options]
  --size <MB>       size of the timed corpus (default 50)
  --heavy <MB>      size of the correctness-only heavy corpus (default 2)
  --chunk <bytes>   bytes per simulated socket read (default 65536)
  --rounds <n>      timed rounds, median reported (default 7)
  --warmups <n>     untimed warm-up rounds (default 1)
  --only <part>     decode | e2e (default: both)
  --e2e-size <MB>   size of the end-to-end stream (default 30)
  --e2e-rounds <n>  end-to-end rounds (default 7)
  --pings <n>       Pings in flight in the end-to-end Ping run (default 100000)
  --timeout <s>     end-to-end: kill a measurement after this many seconds (default 120)
  --clients <list>  end-to-end: only these clients (comma-separated names; default all)
  --quick           a quick look for trying changes: --size 10 --rounds 3 --e2e-size 10 --e2e-rounds 3,
                    end to end only amikit and its yardsticks (split-, count-, codec-baseline,
                    promise-floor); explicit options win; writes nothing unless --out is given
  --no-pin          end-to-end: leave CPU placement to the scheduler (default: on Linux with taskset,
                    the replay server on one CPU and the client under test on another)
  --out <file>      where to write the markdown (default results/latest.md; "-" for none)
  --readme          also rewrite the "## Benchmarks" section at the end of the root README.md
  --quiet           no progress lines on stderr`;

const { values } = parseArgs({
  options: {
    size: { type: "string" },
    heavy: { type: "string", default: "2" },
    chunk: { type: "string", default: "65536" },
    rounds: { type: "string" },
    warmups: { type: "string", default: "1" },
    only: { type: "string" },
    "e2e-size": { type: "string" },
    "e2e-rounds": { type: "string" },
    pings: { type: "string", default: "100000" },
    timeout: { type: "string", default: "120" },
    clients: { type: "string" },
    quick: { type: "boolean", default: false },
    out: { type: "string" },
    "no-pin": { type: "boolean", default: false },
    readme: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const quick = values.quick;
values.size ??= quick ? "10" : "50";
values.rounds ??= quick ? "3" : "7";
values["e2e-size"] ??= quick ? "10" : "30";
values["e2e-rounds"] ??= quick ? "3" : "7";
const clients =
  values.clients?.split(",").map((name) => name.trim()) ??
  (quick ? ["amikit", "split-baseline", "count-baseline", "codec-baseline", "promise-floor"] : undefined);
const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const log = values.quiet ? () => {} : (line) => console.error(`[bench] ${line}`);
if (values.only !== undefined && values.only !== "decode" && values.only !== "e2e") {
  console.error(`--only must be decode or e2e\n${usage}`);
  process.exit(2);
}
const decode =
  values.only === "e2e"
    ? undefined
    : await runDecodeBenchmark({
        corpusBytes: positive("size") * 1e6,
        heavyBytes: positive("heavy") * 1e6,
        chunkBytes: positive("chunk"),
        rounds: positive("rounds"),
        warmups: Number(values.warmups),
        log,
      });
const e2e =
  values.only === "decode"
    ? undefined
    : await runE2eBenchmark({
        corpusBytes: positive("e2e-size") * 1e6,
        rounds: positive("e2e-rounds"),
        pings: positive("pings"),
        timeoutMs: positive("timeout") * 1000,
        pin: !values["no-pin"],
        clients,
        log,
      });
const sections = [decode ? renderDecodeReport(decode) : "", e2e ? renderE2eReport(e2e) : ""].filter(Boolean);
const markdown = `# amikit benchmarks — latest run\n\nWritten by \`pnpm bench\` (bench/src/run.mjs); see bench/README.md for method.\n\n${sections.join("\n")}`;
process.stdout.write(markdown);
const out = values.out ?? (quick ? "-" : path.join(benchDir, "results", "latest.md"));
if (out !== "-") {
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, markdown);
  console.error(`[bench] wrote ${path.relative(process.cwd(), out)}`);
}
if (values.readme) {
  const readme = path.join(benchDir, "..", "README.md");
  const machine = (decode ?? e2e)?.machine;
  const parts = [
    `\`pnpm bench\` ([bench/](bench)) compares amikit with the Node AMI libraries on real Asterisk 22 traffic; method, how each library is driven and what moved the numbers are in [bench/README.md](bench/README.md), the full latest report in [bench/results/latest.md](bench/results/latest.md).`,
  ];
  if (decode) {
    parts.push(
      "",
      `Decoding (bytes → packets, no sockets), ${(decode.corpus.bytes / 1e6).toFixed(0)} MB of call-burst events, median of ${decode.settings.rounds} rounds:`,
      "",
      renderDecodeTable(decode),
      "",
      renderTargetLine(decode),
    );
  }
  if (e2e) {
    parts.push(
      "",
      `End to end (replay server on 127.0.0.1 → each client in its own process), ${(e2e.corpus.bytes / 1e6).toFixed(0)} MB of call-burst events and ${e2e.settings.pings.toLocaleString("en-US")} Pings in flight, median of ${e2e.settings.rounds} rounds:`,
      "",
      renderE2eTable(e2e),
      "",
      renderE2eExtraTable(e2e),
      "",
      ...renderE2eTargets(e2e),
      "",
      ...renderE2eReferences(e2e),
    );
  }
  if (machine) {
    parts.push(
      "",
      `Machine: ${machine.cpu}, ${machine.cores} cores (shared with other jobs; load average ${machine.loadAverage} at start), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; run ${(decode ?? e2e)?.startedAt.slice(0, 10)}.`,
    );
  }
  writeReadmeSection(readme, parts.join("\n"));
  console.error("[bench] updated the Benchmarks section of README.md");
}

/** @param {"size" | "heavy" | "chunk" | "rounds" | "e2e-size" | "e2e-rounds" | "pings" | "timeout"} name */
function positive(name) {
  const value = Number(values[name]);
  if (!(value > 0)) {
    console.error(`--${name} must be a positive number\n${usage}`);
    process.exit(2);
  }
  return value;
}
