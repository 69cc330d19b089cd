import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { callBurstCorpus } from "./corpus/call-burst.mjs";
import { fixedChunks } from "./corpus/corpus.mjs";

/**
 * A/B of two builds of @amikit/codec on the event path the client takes (decode every read, then
 * `toObject()` every packet), for judging a codec change on a shared machine:
 *   node src/ab-codec.mjs --a /tmp/codec-old/dist --b ../packages/codec/dist --rounds 9
 * Each measurement runs in a fresh process (one untimed pass, then the fastest of `--passes` timed passes,
 * default 3; `--cold`: one pass, timed), A and B alternate, and
 * the ratio B/A is the median of the per-round ratios. `--child` is the measuring process itself.
 */
const { values } = parseArgs({
  options: {
    a: { type: "string" },
    b: { type: "string" },
    rounds: { type: "string", default: "7" },
    size: { type: "string", default: "20" },
    child: { type: "string" },
    cold: { type: "boolean", default: false },
    passes: { type: "string", default: "3" },
  },
});

if (values.child !== undefined) {
  const { AmiDecoder } = await import(pathToFileURL(path.join(values.child, "index.js")).href);
  const corpus = callBurstCorpus(Number(values.size) * 1e6);
  const chunks = fixedChunks(corpus.bytes, 65536);
  let sink = 0;
  const pass = () => {
    const decoder = new AmiDecoder();
    for (const chunk of chunks) {
      for (const packet of decoder.push(chunk)) {
        const object = packet.toObject();
        if (object.Event !== undefined) sink++;
      }
    }
  };
  if (!values.cold) pass();
  // The fastest of a few timed passes: on a shared machine a pass that another job interrupted is slower,
  // never faster. A cold measurement has one pass (later ones would be warm).
  let ms = Number.POSITIVE_INFINITY;
  for (let i = values.cold ? 1 : Number(values.passes); i > 0; i--) {
    const start = performance.now();
    pass();
    ms = Math.min(ms, performance.now() - start);
  }
  process.stdout.write(JSON.stringify({ ms, sink }));
} else {
  if (!values.a || !values.b) throw new Error("usage: --a <codec dist> --b <codec dist> [--rounds n]");
  const self = fileURLToPath(import.meta.url);
  const run = (dist) =>
    JSON.parse(
      execFileSync(process.execPath, [
        self,
        "--child",
        path.resolve(dist),
        "--size",
        values.size,
        "--passes",
        values.passes,
        ...(values.cold ? ["--cold"] : []),
      ]).toString(),
    ).ms;
  const ratios = [];
  const times = { a: [], b: [] };
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 === 0 ? ["a", "b"] : ["b", "a"];
    const ms = {};
    for (const which of order) ms[which] = run(values[which]);
    times.a.push(ms.a);
    times.b.push(ms.b);
    ratios.push(ms.a / ms.b);
    console.log(
      `round ${round + 1}: A ${ms.a.toFixed(0)} ms, B ${ms.b.toFixed(0)} ms, B speed ${(ms.a / ms.b).toFixed(2)}× A`,
    );
  }
  const median = (list) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)];
  console.log(
    `median: A ${median(times.a).toFixed(0)} ms, B ${median(times.b).toFixed(0)} ms; B is ${median(ratios).toFixed(2)}× A's speed (median of per-round ratios)`,
  );
  // Processes differ by more than a round's pairing cancels (V8 takes some decisions early and for good):
  // the fastest process of each side is a second view, less sensitive to a few slow ones.
  const fastest = (list) => Math.min(...list);
  console.log(
    `fastest: A ${fastest(times.a).toFixed(0)} ms, B ${fastest(times.b).toFixed(0)} ms; B is ${(fastest(times.a) / fastest(times.b)).toFixed(2)}× A's speed`,
  );
}
