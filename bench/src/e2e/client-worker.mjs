import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { E2E_CLIENTS } from "./clients/client.mjs";
import { MARKER_EVENT_NAME, START_EVENT_NAME } from "./replay-server.mjs";

/**
 * One client in its own process, for one measurement (spawned by e2e/benchmark.mjs):
 * - `--mode events`: receive the stream until the marker event; report events/s inputs, peak RSS and
 *   the fields of sampled events (`--sample-every`, plus every event when 0 … all). With `--warmup <n>`
 *   the stream starts with n untimed events and a start marker: counting, sampling and the clock
 *   start after it;
 * - `--mode ping`: send `--pings` Pings at once, wait for every answer; report the time and peak RSS;
 * - `--mode pending-heap` (needs `node --expose-gc`, and a server that answers nothing but Login): send
 *   `--pings` Pings and keep their promises; report the heap after GC with them pending minus the heap
 *   before, per Ping.
 * `--variant <name>` subscribes one of the client's other ways (see `E2eClient.variants`).
 * Writes one JSON object to `--out`.
 */
const { values } = parseArgs({
  options: {
    client: { type: "string" },
    port: { type: "string" },
    mode: { type: "string" },
    expect: { type: "string", default: "0" },
    pings: { type: "string", default: "100000" },
    "sample-every": { type: "string", default: "0" },
    warmup: { type: "string", default: "0" },
    out: { type: "string" },
    variant: { type: "string" },
  },
});
const client = E2E_CLIENTS.find((candidate) => candidate.name === values.client);
if (!client || !values.out)
  throw new Error(`usage: --client <name> --port <n> --mode events|ping --out <file>`);
const out = values.out;
const expect = Number(values.expect);
const sampleEvery = Number(values["sample-every"]);
const warmup = Number(values.warmup);

const eventName = (event) => event?.Event ?? event?.event;
let count = 0;
let firstAt = 0;
/** Still in the untimed warm-up (before the start marker). */
let warming = warmup > 0;
/** count-baseline cannot read names: it counts the warm-up's packets and the start marker instead. */
let warmupSeen = 0;
let startLost = false;
/** @type {Array<{ index: number, fields: Array<[string, unknown[]]> }>} */
const samples = [];
/** @type {(value?: unknown) => void} */
let finished = () => {};
const done = new Promise((resolve) => {
  finished = resolve;
});

/** @type {string | undefined} */
let readerError;
const onEvent = (event) => {
  if (values.mode !== "events") return;
  if (event?.readerError !== undefined) {
    readerError = event.readerError;
    finished();
    return;
  }
  if (warming) {
    if (client.countsOnly) {
      warmupSeen++;
      if (warmupSeen === warmup + 1) warming = false;
    } else {
      const name = eventName(event);
      if (name === START_EVENT_NAME) warming = false;
      else if (name === MARKER_EVENT_NAME) {
        startLost = true;
        finished();
      }
    }
    if (!warming) firstAt = performance.now();
    return;
  }
  if (count === 0 && firstAt === 0) firstAt = performance.now();
  if (!client.countsOnly && eventName(event) === MARKER_EVENT_NAME) {
    finished();
    return;
  }
  if (sampleEvery > 0 && count % sampleEvery === 0 && client.fields) {
    samples.push({ index: count, fields: [...client.fields(event)] });
  }
  count++;
  if (client.countsOnly && count === expect + 1) {
    count = expect;
    finished();
  }
};

const result = { client: client.name, mode: values.mode };
try {
  const session = await client.connect({ port: Number(values.port), onEvent, variant: values.variant });
  if (values.mode === "events") {
    await done;
    if (readerError !== undefined) throw new Error(`the events() reader failed: ${readerError}`);
    if (startLost) throw new Error("the start marker (end of the warm-up) never arrived: events were lost");
    const ms = performance.now() - firstAt;
    Object.assign(result, { ok: true, count, ms, samples });
  } else if (values.mode === "pending-heap") {
    Object.assign(result, { ok: true, ...(await pendingHeap(session, Number(values.pings))) });
  } else {
    const pings = Number(values.pings);
    const start = performance.now();
    if (session.pingAll) await session.pingAll(pings);
    else if (session.ping) {
      const ping = session.ping;
      await Promise.all(Array.from({ length: pings }, () => ping()));
    }
    Object.assign(result, { ok: true, pings, ms: performance.now() - start });
  }
  Object.assign(result, { maxRssBytes: process.resourceUsage().maxRSS * 1024 });
  try {
    await Promise.race([session.close(), new Promise((resolve) => setTimeout(resolve, 200))]);
  } catch {}
} catch (error) {
  Object.assign(result, { ok: false, error: String(error?.message ?? error) });
}
writeFileSync(out, JSON.stringify(result));
process.exit(0);

/**
 * Heap per pending action: `pings` Pings issued and left unanswered (the server is mute), their
 * promises kept in an array allocated beforehand; heap used after a full GC minus before, per Ping.
 * 1 000 Pings issued (and left pending) before the first reading take the client's code, its feedback
 * and its tables' first growth out of the difference.
 * The smaller of two readings 300 ms apart, so that bytes still queued for the socket do not count.
 * @param {{ ping?: () => Promise<unknown> }} session
 * @param {number} pings
 */
async function pendingHeap(session, pings) {
  const gc = globalThis.gc;
  if (typeof gc !== "function" || !session.ping) throw new Error("pending-heap needs --expose-gc and ping()");
  /** @type {unknown[]} */
  const held = new Array(pings).fill(0);
  const heapAfterGc = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const early = Array.from({ length: 1000 }, () => session.ping?.());
  await new Promise((resolve) => setTimeout(resolve, 100));
  const before = heapAfterGc();
  for (let i = 0; i < pings; i++) held[i] = session.ping();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const first = heapAfterGc();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = Math.min(first, heapAfterGc());
  for (const promise of [...held, ...early]) /** @type {Promise<unknown>} */ (promise).catch(() => {});
  return { pings, heapBytesPerPending: (after - before) / pings };
}
