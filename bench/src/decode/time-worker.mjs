import { PerformanceObserver } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { callBurstCorpus } from "../corpus/call-burst.mjs";
import { fixedChunks } from "../corpus/corpus.mjs";
import { decodeDrivers } from "./drivers/driver.mjs";
import { feedAll } from "./feed.mjs";

/**
 * One timed measurement in a fresh process (spawned by benchmark.mjs): builds the timed corpus, runs one
 * decoder over it `--warmups` times untimed, then once timed, and prints one JSON line
 * `{ ms, count, gcMs }` on stdout. A fresh V8 per measurement keeps libraries from sharing JIT and GC
 * state, and samples the GC's early decisions (e.g. allocation-site pretenuring) afresh every round.
 */
const { values } = parseArgs({
  options: {
    decoder: { type: "string" },
    bytes: { type: "string" },
    chunk: { type: "string" },
    warmups: { type: "string", default: "1" },
  },
});
const driver = (await decodeDrivers()).find((candidate) => candidate.name === values.decoder);
if (!driver || driver.unavailable !== undefined) {
  throw new Error(`decoder ${values.decoder} is not available: ${driver?.unavailable ?? "unknown name"}`);
}
const corpus = callBurstCorpus(Number(values.bytes));
const chunks = fixedChunks(corpus.bytes, Number(values.chunk));

let gcMs = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
observer.observe({ entryTypes: ["gc"] });

const consume = driver.consume ?? (() => {});
for (let warmup = 0; warmup < Number(values.warmups); warmup++) await feedAll(driver, chunks, consume);
if (typeof globalThis.gc === "function") globalThis.gc();
await new Promise((resolve) => setTimeout(resolve, 20));
gcMs = 0;
let count = 0;
const start = performance.now();
await feedAll(driver, chunks, (packet) => {
  count++;
  consume(packet);
});
const ms = performance.now() - start;
await new Promise((resolve) => setTimeout(resolve, 20));
observer.disconnect();
process.stdout.write(`${JSON.stringify({ ms, count, gcMs })}\n`);
