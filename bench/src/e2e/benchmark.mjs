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
function runWorker(args, timeoutMs, pinned) {
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

/** Targets of issue 7, printed with the table. */
export const E2E_TARGETS = { eventsVsSplit: 1.5, pingVsCount: 0.8, rssVsCount: 1.3 };

/**
 * @typedef {{
 *   corpusBytes?: number, heavyBytes?: number, rounds?: number, pings?: number, sampleEvery?: number,
 *   chunkBytes?: number, timeoutMs?: number, clients?: string[], pin?: boolean, warmupPass?: boolean,
 *   log?: (line: string) => void,
 * }} E2eOptions
 */

/**
 * The end-to-end benchmark: a replay server on 127.0.0.1 streams the corpus to each client, every
 * client in its own process per measurement, rounds in alternating order, medians reported. With
 * `pin`, the server and the clients run on two different CPUs (see {@link pinCpus}). With `warmupPass`
 * (the default) every stream is played once untimed before the timed pass, so events/s is the
 * sustained rate of a warm process, not the JIT's start-up.
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
    log = () => {},
  } = options;
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
  const measure = async (name, args) => {
    const out = path.join(scratch, `${name.replace(/[^a-z0-9.-]/gi, "_")}.json`);
    try {
      await runWorker(
        [WORKER, "--client", name, "--port", String(server.port), "--out", out, ...args],
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
      clients.map((client) => [client.name, { events: [], pings: [], heavy: undefined }]),
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
  const errors = [...result.events, ...result.pings, result.heavy]
    .filter((entry) => entry && !entry.ok)
    .map((entry) => entry.error);
  const counts = okEvents.map((events) => events.count);
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

/** @param {any[]} rows */
function targetsOf(rows) {
  const amikit = rows.find((row) => row.name === "amikit");
  const correct =
    amikit?.countsOk === true &&
    amikit.correctness?.main?.exact === true &&
    amikit.correctness?.heavy?.exact === true &&
    amikit.correctness.heavy.countOk === true;
  /** @param {number | undefined} value @param {(value: number) => boolean} test */
  const verdict = (value, test) => (value === undefined ? undefined : test(value));
  return [
    {
      text: `amikit events/s ≥ ${E2E_TARGETS.eventsVsSplit}× split-baseline, every correctness check passing`,
      actual: amikit?.eventsVsSplit,
      met: verdict(amikit?.eventsVsSplit, (value) => value >= E2E_TARGETS.eventsVsSplit && correct),
    },
    {
      text: `amikit Ping round trips/s ≥ ${E2E_TARGETS.pingVsCount}× count-baseline`,
      actual: amikit?.pingVsCount,
      met: verdict(amikit?.pingVsCount, (value) => value >= E2E_TARGETS.pingVsCount),
    },
    {
      text: `amikit peak RSS with the Pings in flight ≤ ${E2E_TARGETS.rssVsCount}× count-baseline`,
      actual: amikit?.pingRssVsCount,
      met: verdict(amikit?.pingRssVsCount, (value) => value <= E2E_TARGETS.rssVsCount),
    },
  ];
}
