import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { callBurstCorpus } from "../corpus/call-burst.mjs";
import { fixedChunks, raggedChunks } from "../corpus/corpus.mjs";
import { heavyCorpus } from "../corpus/heavy.mjs";
import { describeMachine } from "../report/machine.mjs";
import { checkCorpus } from "./check-corpus.mjs";
import { decodeDrivers } from "./drivers/driver.mjs";

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL("./time-worker.mjs", import.meta.url));

/** amikit's decoder must reach this multiple of split-baseline's packets/s (issue 2). */
export const AMIKIT_TARGET_RATIO = 1.5;

/**
 * @typedef {{
 *   corpusBytes?: number,
 *   heavyBytes?: number,
 *   chunkBytes?: number,
 *   rounds?: number,
 *   warmups?: number,
 *   log?: (line: string) => void,
 * }} DecodeBenchmarkOptions
 */

/**
 * Runs the decode benchmark: builds the corpora and checks every library's output for correctness
 * (untimed, in this process), then times `rounds` rounds, alternating the order of the libraries each
 * round. Every timed measurement runs in a fresh node process (`time-worker.mjs`: build the corpus,
 * `warmups` untimed passes, one timed pass). The median is reported.
 *
 * @param {DecodeBenchmarkOptions} [options]
 */
export async function runDecodeBenchmark(options = {}) {
  const {
    corpusBytes = 50e6,
    heavyBytes = 2e6,
    chunkBytes = 64 * 1024,
    rounds = 7,
    warmups = 1,
    log = () => {},
  } = options;
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const corpus = callBurstCorpus(corpusBytes);
  const chunks = fixedChunks(corpus.bytes, chunkBytes);
  const heavy = heavyCorpus(heavyBytes);
  const heavyChunks = raggedChunks(heavy.bytes, 11);
  const drivers = await decodeDrivers();
  const active = drivers.filter((driver) => driver.unavailable === undefined);
  log(
    `corpus ${corpus.name}: ${mb(corpus.bytes.length)} MB, ${corpus.packetCount} packets in ${chunks.length} chunks of ${chunkBytes} B`,
  );

  /** @type {Record<string, { main: Awaited<ReturnType<typeof checkCorpus>>, heavy: Awaited<ReturnType<typeof checkCorpus>> }>} */
  const correctness = {};
  for (const driver of active) {
    log(`checking ${driver.name}`);
    correctness[driver.name] = {
      main: await checkCorpus(driver, corpus, chunks),
      heavy: await checkCorpus(driver, heavy, heavyChunks),
    };
  }

  /** @type {Record<string, { ms: number[], gcMs: number[], counts: number[], error?: string }>} */
  const timings = Object.fromEntries(active.map((driver) => [driver.name, { ms: [], gcMs: [], counts: [] }]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? active : [...active].reverse();
    for (const driver of order) {
      const timing = timings[driver.name];
      if (!timing || timing.error !== undefined) continue;
      try {
        const { ms, count, gcMs } = await timeInFreshProcess(driver.name, corpusBytes, chunkBytes, warmups);
        timing.ms.push(ms);
        timing.gcMs.push(gcMs);
        timing.counts.push(count);
        log(`round ${round + 1}/${rounds} ${driver.name}: ${ms.toFixed(0)} ms (GC ${gcMs.toFixed(0)} ms)`);
      } catch (error) {
        timing.error = String(error?.message ?? error);
      }
    }
  }

  const baseline = timings["split-baseline"];
  const rows = drivers.map((driver) => {
    const timing = timings[driver.name];
    const ms = timing && timing.ms.length > 0 ? median(timing.ms) : undefined;
    const ratio = pairedRatio(baseline, timing);
    return {
      name: driver.name,
      label: driver.label,
      version: driver.version,
      drivenBy: driver.drivenBy,
      unavailable: driver.unavailable,
      timingError: timing?.error,
      roundsMs: timing?.ms ?? [],
      roundsGcMs: timing?.gcMs ?? [],
      medianMs: ms,
      packetsPerSecond: ms === undefined ? undefined : corpus.packetCount / (ms / 1000),
      megabytesPerSecond: ms === undefined ? undefined : corpus.bytes.length / 1e6 / (ms / 1000),
      ratio,
      timedCountsOk: timing ? timing.counts.every((count) => count === corpus.packetCount) : false,
      correctness: correctness[driver.name],
    };
  });
  const amikit = rows.find((row) => row.name === "amikit");
  return {
    startedAt,
    machine,
    settings: { chunkBytes, rounds, warmups },
    corpus: describeCorpus(corpus, chunks.length),
    heavy: { ...describeCorpus(heavy, heavyChunks.length), chunking: "reads of 1–97 bytes (seeded)" },
    rows,
    target: {
      name: "amikit",
      ratio: AMIKIT_TARGET_RATIO,
      actual: amikit?.ratio,
      met: amikit?.ratio === undefined ? undefined : amikit.ratio >= AMIKIT_TARGET_RATIO,
    },
  };
}

/**
 * @param {string} name
 * @param {number} corpusBytes
 * @param {number} chunkBytes
 * @param {number} warmups
 * @returns {Promise<{ ms: number, count: number, gcMs: number }>}
 */
async function timeInFreshProcess(name, corpusBytes, chunkBytes, warmups) {
  const args = [
    "--expose-gc",
    WORKER,
    "--decoder",
    name,
    "--bytes",
    String(corpusBytes),
    "--chunk",
    String(chunkBytes),
  ];
  const { stdout } = await run(process.execPath, [...args, "--warmups", String(warmups)], {
    maxBuffer: 1 << 20,
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last);
}

/**
 * The median over rounds of (baseline time / decoder time) within the same round. Every round runs all
 * decoders back to back, so this cancels slow drifts of machine load better than a ratio of medians.
 * @param {{ ms: number[], error?: string } | undefined} baseline
 * @param {{ ms: number[], error?: string } | undefined} timing
 */
function pairedRatio(baseline, timing) {
  if (!baseline || !timing || baseline.error !== undefined || timing.error !== undefined) return undefined;
  if (baseline.ms.length !== timing.ms.length || timing.ms.length === 0) return undefined;
  return median(timing.ms.map((ms, round) => (baseline.ms[round] ?? Number.NaN) / ms));
}

/** @param {import("../corpus/corpus.mjs").Corpus} corpus @param {number} chunkCount */
function describeCorpus(corpus, chunkCount) {
  return {
    name: corpus.name,
    description: corpus.description,
    bytes: corpus.bytes.length,
    packetCount: corpus.packetCount,
    distinctPackets: corpus.packets.length,
    repeat: corpus.repeat,
    chunkCount,
  };
}

/** @param {number[]} values */
export function median(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** @param {number} bytes */
function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}
