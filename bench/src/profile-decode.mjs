import { parseArgs } from "node:util";
import { callBurstCorpus } from "./corpus/call-burst.mjs";
import { fixedChunks } from "./corpus/corpus.mjs";
import { decodeDrivers } from "./decode/drivers/driver.mjs";
import { feedAll } from "./decode/feed.mjs";

/**
 * Runs ONE decoder over the timed corpus several times, for profiling:
 *   node --cpu-prof --cpu-prof-dir=.profile src/profile-decode.mjs --decoder amikit
 * then open the .cpuprofile in Chrome DevTools, or summarise it with src/profile-summary.mjs.
 */
const { values } = parseArgs({
  options: {
    decoder: { type: "string", default: "amikit" },
    size: { type: "string", default: "50" },
    chunk: { type: "string", default: "65536" },
    runs: { type: "string", default: "5" },
  },
});
const driver = (await decodeDrivers()).find((candidate) => candidate.name === values.decoder);
if (!driver || driver.unavailable)
  throw new Error(`no usable decoder ${values.decoder}: ${driver?.unavailable ?? ""}`);
const corpus = callBurstCorpus(Number(values.size) * 1e6);
const chunks = fixedChunks(corpus.bytes, Number(values.chunk));
for (let run = 0; run < Number(values.runs); run++) {
  let count = 0;
  const start = performance.now();
  await feedAll(driver, chunks, () => {
    count++;
  });
  const ms = performance.now() - start;
  console.log(
    `${driver.name}: ${count} packets in ${ms.toFixed(0)} ms (${((count / ms) * 1000).toFixed(0)} packets/s)`,
  );
}
