import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { callBurstCorpus } from "../corpus/call-burst.mjs";
import { fieldMultimap } from "../corpus/fields.mjs";
import { heavyCorpus } from "../corpus/heavy.mjs";
import { median } from "../decode/benchmark.mjs";
import { CorrectnessTally, compareMultimaps } from "../decode/correctness.mjs";
import { packageVersion } from "../decode/drivers/package-version.mjs";
import { describeMachine } from "../report/machine.mjs";
import { E2E_CLIENTS } from "./clients/client.mjs";
import { pinCpus } from "./pin-cpus.mjs";
import { splitInsideCharacters, startReplayServer } from "./replay-server.mjs";

/**
 * Runs a worker with its output discarded (some libraries print), killing it after `timeoutMs`.
 * @param {string[]} args
 * @param {number} timeoutMs
 * @param {ReturnType<typeof pinCpus>} pinned run it on the client's CPU
 * @returns {Promise<void>}
 */
export function runWorker(args, timeoutMs, pinned) {
  return new Promise((resolve, reject) => {
    const [command, commandArgs] = pinned ? pinned.command(args) : [process.execPath, args];
    const child = spawn(command, commandArgs, {
      stdio: "ignore",
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") reject(new Error(`no result within ${timeoutMs / 1000} s (killed)`));
      else if (code !== 0) reject(new Error(`worker exited with ${signal ?? code}`));
      else resolve();
    });
  });
}
const WORKER = fileURLToPath(new URL("./client-worker.mjs", import.meta.url));

/** amikit and the yardsticks its ratios are taken against: measured back to back in every round. */
const TIGHT_GROUP = new Set([
  "amikit",
  "split-baseline",
  "count-baseline",
  "codec-baseline",
  "promise-floor",
]);

/** Measured cold (first pass of a fresh process) as well: amikit, its yardstick and its codec alone. */
const COLD_GROUP = new Set(["amikit", "split-baseline", "codec-baseline"]);

/** Measured for heap per pending action. */
const HEAP_GROUP = new Set(["amikit", "split-baseline"]);

/** Targets of issue 16, printed with the table. */
export const E2E_TARGETS = {
  eventsVsSplit: 2.0,
  eventsVsCount: 0.5,
  coldVsSplit: 1.3,
  pingVsSplit: 1.0,
  pingVsFloor: 0.5,
  heapBytesPerPending: 300,
  pingRssVsSplit: 1.3,
  subscribersVsPlain: 0.8,
};

/**
 * @typedef {{
 *   corpusBytes?: number, heavyBytes?: number, rounds?: number, pings?: number, sampleEvery?: number,
 *   chunkBytes?: number, timeoutMs?: number, clients?: string[], pin?: boolean, warmupPass?: boolean,
 *   coldPass?: boolean, log?: (line: string) => void,
 * }} E2eOptions
 */

/**
 * The end-to-end benchmark: a replay server on 127.0.0.1 streams the corpus to each client, every
 * client in its own process per measurement, rounds in alternating order, medians reported. With
 * `pin`, the server and the clients run on two different CPUs (see {@link pinCpus}). With `warmupPass`
 * (the default) every stream is played once untimed before the timed pass, so events/s is the
 * sustained rate of a warm process, not the JIT's start-up; with `coldPass` (the default) amikit,
 * split-baseline and codec-baseline are also timed over the stream's first pass in a fresh process.
 * amikit's other ways of subscribing (`variants`) are timed warm next to its plain `events$`, and the
 * heap per pending action is measured against a server that answers nothing.
 * @param {E2eOptions} [options]
 */
export async function runE2eBenchmark(options = {}) {
  const {
    corpusBytes = 30e6,
    heavyBytes = 1e6,
    rounds = 3,
    pings = 100_000,
    sampleEvery = 97,
    chunkBytes = 64 * 1024,
    timeoutMs = 120_000,
    clients: only,
    pin = false,
    warmupPass = true,
    coldPass = true,
    log = () => {},
  } = options;
  // Fewer pending actions than this measure the heap's noise more than the actions.
  const heapPings = Math.max(pings, 10_000);
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const corpus = callBurstCorpus(corpusBytes);
  const heavy = heavyCorpus(heavyBytes);
  const clients = E2E_CLIENTS.filter((client) => !only || only.includes(client.name));
  const pinned = pin ? pinCpus() : undefined;
  if (pin && !pinned) log("cannot pin CPUs here (needs Linux, taskset and two CPUs): not pinned");
  const server = await startReplayServer();
  const scratch = mkdtempSync(path.join(tmpdir(), "amikit-bench-"));
  /** @param {string} name @param {string[]} args */
  const measure = async (name, args, nodeFlags = []) => {
    const out = path.join(scratch, `${name.replace(/[^a-z0-9.-]/gi, "_")}.json`);
    try {
      await runWorker(
        [...nodeFlags, WORKER, "--client", name, "--port", String(server.port), "--out", out, ...args],
        timeoutMs,
        pinned,
      );
      return JSON.parse(readFileSync(out, "utf8"));
    } catch (error) {
      const message = String(error?.message ?? error);
      return { ok: false, timedOut: message.includes("killed"), error: message };
    } finally {
      rmSync(out, { force: true });
    }
  };

  try {
    /** @type {Record<string, any>} */
    const results = Object.fromEntries(
      clients.map((client) => [
        client.name,
        {
          events: [],
          pings: [],
          heavy: undefined,
          cold: [],
          heap: [],
          variants: Object.fromEntries(Object.keys(client.variants ?? {}).map((variant) => [variant, []])),
        },
      ]),
    );

    // Correctness on the heavy corpus, every event, UTF-8 characters split across reads.
    server.setScenario({ kind: "pieces", pieces: splitInsideCharacters(heavy.bytes) });
    for (const client of clients) {
      if (client.pingOnly) continue;
      log(`heavy corpus: ${client.name}`);
      results[client.name].heavy = await measure(client.name, [
        "--mode",
        "events",
        "--expect",
        String(heavy.packetCount),
        "--sample-every",
        "1",
      ]);
    }

    // amikit and the four yardsticks run back to back, so that the ratios between them compare
    // measurements seconds apart: the benchmark machine is shared, and its speed drifts over minutes.
    const runOrder = [
      ...clients.filter((client) => TIGHT_GROUP.has(client.name)),
      ...clients.filter((client) => !TIGHT_GROUP.has(client.name)),
    ];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? runOrder : [...runOrder].reverse();
      // Every client's event stream first, then every client's Ping burst.
      server.setScenario({
        kind: "stream",
        bytes: corpus.bytes,
        chunkBytes,
        warmup: warmupPass ? corpus.bytes : undefined,
      });
      for (const client of order) {
        if (client.pingOnly) continue;
        const result = results[client.name];
        // A client that ran out of time once is not given the time again in later rounds.
        const events = result.events.some((entry) => entry.timedOut)
          ? { ok: false, timedOut: true, error: result.events[0].error }
          : await measure(client.name, [
              "--mode",
              "events",
              "--expect",
              String(corpus.packetCount),
              "--sample-every",
              String(round === 0 ? sampleEvery : 0),
              "--warmup",
              String(warmupPass ? corpus.packetCount : 0),
            ]);
        result.events.push(events);
        log(
          `round ${round + 1}/${rounds} ${client.name}: events ${events.ok ? `${events.ms.toFixed(0)} ms` : events.error}`,
        );
        // The other ways of subscribing right after the plain one, so that their ratios pair closely.
        for (const variant of Object.keys(client.variants ?? {})) {
          const measured = await measure(client.name, [
            "--mode",
            "events",
            "--variant",
            variant,
            "--expect",
            String(corpus.packetCount),
            "--warmup",
            String(warmupPass ? corpus.packetCount : 0),
          ]);
          result.variants[variant].push(measured);
          log(
            `round ${round + 1}/${rounds} ${client.name} (${variant}): events ${measured.ok ? `${measured.ms.toFixed(0)} ms` : measured.error}`,
          );
        }
      }
      if (coldPass) {
        // The first pass of a fresh process: what a script or a just-restarted service sees.
        server.setScenario({ kind: "stream", bytes: corpus.bytes, chunkBytes });
        for (const client of order) {
          if (!COLD_GROUP.has(client.name)) continue;
          const cold = await measure(client.name, [
            "--mode",
            "events",
            "--expect",
            String(corpus.packetCount),
          ]);
          results[client.name].cold.push(cold);
          log(
            `round ${round + 1}/${rounds} ${client.name}: cold events ${cold.ok ? `${cold.ms.toFixed(0)} ms` : cold.error}`,
          );
        }
      }
      server.setScenario({ kind: "idle" });
      for (const client of order) {
        const result = results[client.name];
        const ping = result.pings.some((entry) => entry.timedOut)
          ? { ok: false, timedOut: true, error: result.pings[0].error }
          : await measure(client.name, ["--mode", "ping", "--pings", String(pings)]);
        result.pings.push(ping);
        log(
          `round ${round + 1}/${rounds} ${client.name}: ${pings} Pings ${ping.ok ? `${ping.ms.toFixed(0)} ms` : ping.error}`,
        );
      }
      server.setScenario({ kind: "mute" });
      for (const client of order) {
        if (!HEAP_GROUP.has(client.name)) continue;
        const heap = await measure(
          client.name,
          ["--mode", "pending-heap", "--pings", String(heapPings)],
          ["--expose-gc"],
        );
        results[client.name].heap.push(heap);
        log(
          `round ${round + 1}/${rounds} ${client.name}: heap per pending Ping ${heap.ok ? `${heap.heapBytesPerPending.toFixed(0)} B` : heap.error}`,
        );
      }
    }

    const rows = clients.map((client) => summarise(client, results[client.name], corpus, heavy, pings));
    addRatios(rows);
    return {
      startedAt,
      machine,
      settings: {
        rounds,
        pings,
        chunkBytes,
        sampleEvery,
        timeoutMs,
        warmupPass,
        coldPass,
        heapPings,
        pinned: pinned ? { server: pinned.server, client: pinned.client } : undefined,
      },
      corpus: {
        description: corpus.description,
        bytes: corpus.bytes.length,
        packetCount: corpus.packetCount,
      },
      heavy: { description: heavy.description, bytes: heavy.bytes.length, packetCount: heavy.packetCount },
      rows,
      targets: targetsOf(rows),
      references: referencesOf(rows),
    };
  } finally {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
    pinned?.restore();
  }
}

/**
 * @param {import("./clients/client.mjs").E2eClient} client
 * @param {{ events: any[], pings: any[], heavy: any }} result
 * @param {import("../corpus/corpus.mjs").Corpus} corpus
 * @param {import("../corpus/corpus.mjs").Corpus} heavy
 * @param {number} pings
 */
function summarise(client, result, corpus, heavy, pings) {
  const okEvents = result.events.filter((events) => events.ok);
  const okPings = result.pings.filter((ping) => ping.ok);
  const eventsMs = median(okEvents.map((events) => events.ms));
  const pingMs = median(okPings.map((ping) => ping.ms));
  const errors = [...result.events, ...result.pings, result.heavy, ...result.cold, ...result.heap]
    .filter((entry) => entry && !entry.ok)
    .map((entry) => entry.error);
  const counts = okEvents.map((events) => events.count);
  /** events/s per round of a measurement, undefined where it failed or lost events */
  const perRound = (measurements) =>
    measurements.map((events) =>
      events.ok && events.count === corpus.packetCount ? corpus.packetCount / (events.ms / 1000) : undefined,
    );
  const okCold = result.cold.filter((events) => events.ok);
  const coldMs = median(okCold.map((events) => events.ms));
  const variantErrors = Object.values(result.variants)
    .flat()
    .filter((entry) => !entry.ok || entry.count !== corpus.packetCount)
    .map((entry) => entry.error ?? `received ${entry.count} of ${corpus.packetCount} events`);
  return {
    name: client.name,
    label: client.label,
    version: client.packageName ? packageVersion(client.packageName) : "-",
    how: client.how,
    countsOnly: client.countsOnly === true,
    pingOnly: client.pingOnly === true,
    exactKeys: client.exactKeys === true,
    eventsPerRound: result.events.map((events) =>
      events.ok ? corpus.packetCount / (events.ms / 1000) : undefined,
    ),
    pingsPerRound: result.pings.map((ping) => (ping.ok ? pings / (ping.ms / 1000) : undefined)),
    eventsPerSecond: eventsMs === undefined ? undefined : corpus.packetCount / (eventsMs / 1000),
    megabytesPerSecond: eventsMs === undefined ? undefined : corpus.bytes.length / 1e6 / (eventsMs / 1000),
    eventsRssBytes: median(okEvents.map((events) => events.maxRssBytes)),
    pingsPerSecond: pingMs === undefined ? undefined : pings / (pingMs / 1000),
    pingRssBytes: median(okPings.map((ping) => ping.maxRssBytes)),
    countsOk: counts.length > 0 && counts.every((count) => count === corpus.packetCount),
    coldPerRound: perRound(result.cold),
    coldEventsPerSecond: coldMs === undefined ? undefined : corpus.packetCount / (coldMs / 1000),
    coldCountsOk: okCold.length === result.cold.length && okCold.every((e) => e.count === corpus.packetCount),
    heapBytesPerPending: median(
      result.heap.filter((heap) => heap.ok).map((heap) => heap.heapBytesPerPending),
    ),
    variants: Object.fromEntries(
      Object.entries(result.variants).map(([variant, measured]) => [
        variant,
        {
          how: client.variants?.[variant] ?? "",
          perRound: perRound(measured),
          ok:
            measured.length > 0 && measured.every((entry) => entry.ok && entry.count === corpus.packetCount),
        },
      ]),
    ),
    variantErrors: [...new Set(variantErrors)],
    counts,
    errors: [...new Set(errors)],
    correctness:
      client.countsOnly || client.pingOnly
        ? undefined
        : {
            main: checkSamples(client, okEvents[0], corpus),
            heavy: result.heavy?.ok ? checkSamples(client, result.heavy, heavy) : undefined,
          },
  };
}

/**
 * @param {import("./clients/client.mjs").E2eClient} client
 * @param {any} measurement
 * @param {import("../corpus/corpus.mjs").Corpus} corpus
 */
function checkSamples(client, measurement, corpus) {
  if (!measurement) return undefined;
  const tally = new CorrectnessTally(measurement.samples.length);
  const countOk = measurement.count === corpus.packetCount;
  const expectedOf = (fields) => (client.exactKeys ? exactMultimap(fields) : fieldMultimap(fields));
  for (const { index, fields } of measurement.samples) {
    const got = new Map(fields);
    const sent = corpus.packets[index % corpus.packets.length];
    let problems = compareMultimaps(sent === undefined ? new Map() : expectedOf(sent.fields), got);
    if (!countOk && problems.length > 0) {
      // Events were lost or invented before this one, so its position says nothing: compare it with the
      // sent events of the same name and keep the closest.
      const name = firstValue(got, "event");
      for (const candidate of corpus.packets) {
        if (problems.length === 0) break;
        if (name === undefined || candidate.fields[0]?.[1].toLowerCase() !== name.toLowerCase()) continue;
        const candidateProblems = compareMultimaps(expectedOf(candidate.fields), got);
        if (candidateProblems.length < problems.length) problems = candidateProblems;
      }
    }
    tally.record(index, problems);
  }
  const result = tally.result();
  return {
    ...result,
    sampled: measurement.samples.length,
    count: measurement.count,
    expectedCount: corpus.packetCount,
    countOk,
    lossy: result.lossy || !countOk,
    exact: result.exact && countOk,
  };
}

/**
 * @param {Map<string, unknown[]>} fields
 * @param {string} key lower-case
 */
function firstValue(fields, key) {
  for (const [name, values] of fields)
    if (name.toLowerCase() === key && typeof values[0] === "string") return values[0];
  return undefined;
}

/** @param {Array<[string, string]>} fields */
function exactMultimap(fields) {
  /** @type {Map<string, string[]>} */
  const map = new Map();
  for (const [key, value] of fields) {
    const values = map.get(key);
    if (values) values.push(value);
    else map.set(key, [value]);
  }
  return map;
}

/** Ratios to both baselines: events/s paired per round, RSS and Ping as ratios of medians. @param {any[]} rows */
function addRatios(rows) {
  const split = rows.find((row) => row.name === "split-baseline");
  const count = rows.find((row) => row.name === "count-baseline");
  const floor = rows.find((row) => row.name === "promise-floor");
  /** @param {(number | undefined)[]} mine @param {(number | undefined)[] | undefined} theirs */
  const paired = (mine, theirs) => {
    if (!theirs) return undefined;
    const ratios = mine.flatMap((value, round) => {
      const other = theirs[round];
      return value !== undefined && other !== undefined ? [value / other] : [];
    });
    return median(ratios);
  };
  /** @param {number | undefined} mine @param {number | undefined} theirs */
  const ratio = (mine, theirs) => (mine === undefined || theirs === undefined ? undefined : mine / theirs);
  for (const row of rows) {
    row.eventsVsSplit = paired(row.eventsPerRound, split?.eventsPerRound);
    row.eventsVsCount = paired(row.eventsPerRound, count?.eventsPerRound);
    row.pingVsSplit = paired(row.pingsPerRound, split?.pingsPerRound);
    row.pingVsCount = paired(row.pingsPerRound, count?.pingsPerRound);
    row.pingVsFloor = paired(row.pingsPerRound, floor?.pingsPerRound);
    row.coldVsSplit = paired(row.coldPerRound, split?.coldPerRound);
    for (const variant of Object.values(row.variants)) {
      variant.vsPlain = paired(variant.perRound, row.eventsPerRound);
      variant.eventsPerSecond = median(variant.perRound.filter((value) => value !== undefined));
    }
    row.pingRssVsSplit = ratio(row.pingRssBytes, split?.pingRssBytes);
    row.pingRssVsCount = ratio(row.pingRssBytes, count?.pingRssBytes);
    row.eventsRssVsSplit = ratio(row.eventsRssBytes, split?.eventsRssBytes);
    row.eventsRssVsCount = ratio(row.eventsRssBytes, count?.eventsRssBytes);
  }
}

/**
 * What the two references reached in this run, next to the targets: the codec alone (the ceiling of a
 * client built on it) and the Ping harness with no socket (the floor of any promise-per-action API).
 * @param {any[]} rows
 */
function referencesOf(rows) {
  const codec = rows.find((row) => row.name === "codec-baseline");
  const floor = rows.find((row) => row.name === "promise-floor");
  return {
    codecEventsVsSplit: codec?.eventsVsSplit,
    codecPingVsCount: codec?.pingVsCount,
    codecPingRssVsCount: codec?.pingRssVsCount,
    floorPingVsCount: floor?.pingVsCount,
    floorPingRssVsCount: floor?.pingRssVsCount,
  };
}

/**
 * The targets of issue 16, each a ratio (or, for the heap, a size) measured in this run; `met` is
 * undefined when it could not be measured.
 * @param {any[]} rows
 */
function targetsOf(rows) {
  const amikit = rows.find((row) => row.name === "amikit");
  const correct =
    amikit?.countsOk === true &&
    amikit.correctness?.main?.exact === true &&
    amikit.correctness?.heavy?.exact === true &&
    amikit.correctness.heavy.countOk === true;
  const t = E2E_TARGETS;
  /** @param {number | undefined} value @param {(value: number) => boolean} test */
  const verdict = (value, test) => (value === undefined ? undefined : test(value));
  /** @param {string} text @param {number | undefined} actual @param {(value: number) => boolean} test @param {string} [unit] */
  const target = (text, actual, test, unit = "×") => ({ text, actual, unit, met: verdict(actual, test) });
  const on10 = amikit?.variants?.on10;
  const reader = amikit?.variants?.reader;
  return [
    target(
      `amikit events/s, warm, ≥ ${t.eventsVsSplit}× split-baseline, every correctness check passing`,
      amikit?.eventsVsSplit,
      (value) => value >= t.eventsVsSplit && correct,
    ),
    target(
      `amikit events/s, warm, ≥ ${t.eventsVsCount}× count-baseline, every correctness check passing`,
      amikit?.eventsVsCount,
      (value) => value >= t.eventsVsCount && correct,
    ),
    target(
      `amikit events/s, cold (first pass of a fresh process), ≥ ${t.coldVsSplit}× split-baseline's first pass`,
      amikit?.coldVsSplit,
      (value) => value >= t.coldVsSplit && amikit?.coldCountsOk === true,
    ),
    target(
      `amikit Ping round trips/s ≥ ${t.pingVsSplit}× split-baseline`,
      amikit?.pingVsSplit,
      (value) => value >= t.pingVsSplit,
    ),
    target(
      `amikit Ping round trips/s ≥ ${t.pingVsFloor}× promise-floor`,
      amikit?.pingVsFloor,
      (value) => value >= t.pingVsFloor,
    ),
    target(
      `amikit heap per pending action ≤ ${t.heapBytesPerPending} B`,
      amikit?.heapBytesPerPending,
      (value) => value <= t.heapBytesPerPending,
      "B",
    ),
    target(
      `amikit peak RSS with the Pings in flight ≤ ${t.pingRssVsSplit}× split-baseline's`,
      amikit?.pingRssVsSplit,
      (value) => value <= t.pingRssVsSplit,
    ),
    target(
      `amikit events/s with 10 \`on(name)\` subscribers ≥ ${t.subscribersVsPlain}× one plain \`events$\` subscriber`,
      on10?.vsPlain,
      (value) => value >= t.subscribersVsPlain && on10?.ok === true,
    ),
    target(
      `amikit events/s with one \`events()\` reader ≥ ${t.subscribersVsPlain}× one plain \`events$\` subscriber`,
      reader?.vsPlain,
      (value) => value >= t.subscribersVsPlain && reader?.ok === true,
    ),
  ];
}
