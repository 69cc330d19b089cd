import { PerformanceObserver } from "node:perf_hooks";
import { callBurstCorpus } from "./corpus/call-burst.mjs";
import { fixedChunks } from "./corpus/corpus.mjs";
import { decodeDrivers } from "./decode/drivers/driver.mjs";
import { feedAll } from "./decode/feed.mjs";

let gcMs = 0,
  gcCount = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    gcCount++;
  }
}).observe({ entryTypes: ["gc"] });
const drivers = await decodeDrivers();
const corpus = callBurstCorpus(50e6);
const chunks = fixedChunks(corpus.bytes, 65536);
for (const name of process.argv.slice(2)) {
  const d = drivers.find((x) => x.name === name);
  for (let r = 0; r < 4; r++) {
    await new Promise((res) => setTimeout(res, 50));
    gcMs = 0;
    gcCount = 0;
    const t = performance.now();
    let n = 0;
    await feedAll(d, chunks, () => n++);
    const ms = performance.now() - t;
    await new Promise((res) => setTimeout(res, 50));
    console.log(name, ms.toFixed(0), "ms; gc", gcMs.toFixed(0), "ms in", gcCount);
  }
}
