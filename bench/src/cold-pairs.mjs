import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { callBurstCorpus } from "./corpus/call-burst.mjs";
import { runWorker } from "./e2e/benchmark.mjs";
import { pinCpus } from "./e2e/pin-cpus.mjs";
import { startReplayServer } from "./e2e/replay-server.mjs";

/**
 * Cold passes only, pinned, paired: `node src/cold-pairs.mjs --a amikit --b split-baseline --rounds 9`
 * plays the stream once (no warm-up) to a fresh worker of each client per round, alternating which
 * goes first, and prints the per-round ratios of A's events/s to B's and their median. A quick check of
 * a change to the cold figure of `pnpm bench` (which measures the same, among much else).
 */
const { values } = parseArgs({
  options: {
    a: { type: "string", default: "amikit" },
    b: { type: "string", default: "split-baseline" },
    rounds: { type: "string", default: "9" },
    size: { type: "string", default: "30" },
    "node-args": { type: "string", default: "" },
  },
});
const corpus = callBurstCorpus(Number(values.size) * 1e6);
const pin = pinCpus();
const server = await startReplayServer();
server.setScenario({ kind: "stream", bytes: corpus.bytes, chunkBytes: 65536, warmup: undefined });
const worker = fileURLToPath(new URL("./e2e/client-worker.mjs", import.meta.url));
const out = `/tmp/cold-pairs-${process.pid}.json`;
const extra = values["node-args"].split(" ").filter((arg) => arg !== "");

async function measure(client) {
  const args = [...extra, worker, "--client", client, "--port", String(server.port), "--mode", "events"];
  args.push("--pings", "0", "--expect", String(corpus.packetCount), "--warmup", "0", "--out", out);
  await runWorker(args, 120_000, pin);
  const result = JSON.parse(readFileSync(out, "utf8"));
  if (!result.ok || result.count !== corpus.packetCount)
    throw new Error(`${client}: ${JSON.stringify(result)}`);
  return result.ms;
}

const ratios = [];
for (let round = 0; round < Number(values.rounds); round++) {
  const order = round % 2 === 0 ? ["a", "b"] : ["b", "a"];
  const ms = {};
  for (const which of order) ms[which] = await measure(values[which]);
  ratios.push(ms.b / ms.a);
  console.log(
    `round ${round + 1}: ${values.a} ${ms.a.toFixed(0)} ms, ${values.b} ${ms.b.toFixed(0)} ms, ${(ms.b / ms.a).toFixed(2)}×`,
  );
}
ratios.sort((x, y) => x - y);
console.log(
  `median ${values.a} / ${values.b} events/s: ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}×`,
);
await server.close();
pin?.restore();
