import { PROBLEM_TEXT } from "../decode/correctness.mjs";
import { cell, formatFixed, formatInteger, formatRatio, quoted } from "./format.mjs";

/** @typedef {Awaited<ReturnType<typeof import("../e2e/benchmark.mjs").runE2eBenchmark>>} E2eResult */

/** @param {number | undefined} bytes */
const mb = (bytes) => (bytes === undefined ? "–" : `${(bytes / 1e6).toFixed(0)} MB`);

/**
 * The end-to-end section of the report, as markdown.
 * @param {E2eResult} result
 */
export function renderE2eReport(result) {
  return [
    "## End to end: replay server → client → events (issues 7 and 16)",
    "",
    renderE2eTable(result),
    "",
    renderE2eExtraTable(result),
    "",
    ...renderE2eTargets(result),
    "",
    ...renderE2eReferences(result),
    renderE2eSetup(result),
    "",
    "### Data loss found end to end",
    "",
    ...renderE2eLosses(result),
    "",
    "### How each client is used",
    "",
    ...result.rows.map((row) => `- **${row.label}**: ${row.how}`),
    "",
  ].join("\n");
}

/** @param {E2eResult} result */
export function renderE2eTable(result) {
  const lines = [
    `| client | version | events/s | MB/s | × split | × count | peak RSS, events | × split | × count | Ping round trips/s | × split | × count | peak RSS, ${formatInteger(result.settings.pings)} Pings in flight | × split | × count | correctness |`,
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const row of result.rows) {
    lines.push(
      `| ${row.label} | ${row.version} | ${formatInteger(row.eventsPerSecond)} | ${formatFixed(row.megabytesPerSecond)} | ${formatRatio(row.eventsVsSplit)} | ${formatRatio(row.eventsVsCount)} | ${mb(row.eventsRssBytes)} | ${formatRatio(row.eventsRssVsSplit)} | ${formatRatio(row.eventsRssVsCount)} | ${formatInteger(row.pingsPerSecond)} | ${formatRatio(row.pingVsSplit)} | ${formatRatio(row.pingVsCount)} | ${mb(row.pingRssBytes)} | ${formatRatio(row.pingRssVsSplit)} | ${formatRatio(row.pingRssVsCount)} | ${cell(correctnessCell(row))} |`,
    );
  }
  return lines.join("\n");
}

/** @param {E2eResult} result */
export function renderE2eTargets(result) {
  return result.targets.map((target) => {
    const verdict = target.met === undefined ? "not measured" : target.met ? "**met**" : "**MISSED**";
    const actual =
      target.unit === "B"
        ? target.actual === undefined
          ? "–"
          : `${formatInteger(target.actual)} B`
        : formatRatio(target.actual);
    return `Target: ${target.text} — ${verdict} (${actual}).`;
  });
}

/**
 * Cold events, other ways of subscribing and heap per pending action: the measurements of issue 16
 * beyond the main table, for the clients that have them.
 * @param {E2eResult} result
 */
export function renderE2eExtraTable(result) {
  const lines = [
    "| client | events/s, cold | × split, cold | heap per pending Ping | subscribers | events/s, warm | × one `events$` subscriber |",
    "| --- | ---: | ---: | ---: | --- | ---: | ---: |",
  ];
  for (const row of result.rows) {
    const variants = Object.entries(row.variants ?? {});
    const hasCold = row.coldPerRound?.length > 0;
    if (!hasCold && row.heapBytesPerPending === undefined && variants.length === 0) continue;
    const heap = row.heapBytesPerPending === undefined ? "–" : `${formatInteger(row.heapBytesPerPending)} B`;
    const first = [
      row.label,
      hasCold ? formatInteger(row.coldEventsPerSecond) : "–",
      hasCold ? formatRatio(row.coldVsSplit) : "–",
      heap,
    ];
    lines.push(
      variants.length === 0
        ? `| ${first.join(" | ")} | | | |`
        : `| ${first.join(" | ")} | one \`events$\` | ${formatInteger(row.eventsPerSecond)} | 1.00× |`,
    );
    for (const [name, variant] of variants)
      lines.push(
        `| ${row.label} | | | | ${name}: ${variant.how} | ${formatInteger(variant.eventsPerSecond)} | ${formatRatio(variant.vsPlain)} |`,
      );
  }
  return lines.join("\n");
}

/**
 * The references measured in the same run, which bound what any client could reach under the targets'
 * definitions. Nothing when neither reference ran.
 * @param {E2eResult} result
 */
export function renderE2eReferences(result) {
  const r = result.references;
  if (!r || (r.codecEventsVsSplit === undefined && r.floorPingVsCount === undefined)) return [];
  return [
    `What the targets allow, measured in this run: \`promise-floor\` (the Ping measurement's own ${formatInteger(result.settings.pings)} promises, no socket, nothing decoded) reaches ${formatRatio(r.floorPingVsCount)} count-baseline Pings/s at ${formatRatio(r.floorPingRssVsCount)} its peak RSS: no client that answers each Ping with a promise can do better than that, so a Ping or RSS target beyond it cannot be met by optimising amikit. \`codec-baseline\` (amikit's decoder alone on a socket, no client) reaches ${formatRatio(r.codecEventsVsSplit)} split-baseline events/s, and ${formatRatio(r.codecPingVsCount)} count-baseline Pings/s at ${formatRatio(r.codecPingRssVsCount)} its peak RSS with every Ping pre-encoded in one write and no answer kept.`,
    "",
  ];
}

/** @param {E2eResult} result */
function renderE2eSetup(result) {
  const { settings, corpus, heavy, machine } = result;
  return [
    `Stream: ${corpus.description} — ${formatFixed(corpus.bytes / 1e6)} MB, ${formatInteger(corpus.packetCount)} events, written by a replay server on 127.0.0.1 in ${formatInteger(settings.chunkBytes)}-byte writes as fast as the socket takes them (up to 1 MiB queued ahead of the kernel, so the client never waits for the server), then a marker event. ${settings.warmupPass ? "The stream is played twice in each measurement: first untimed, to warm the client up (a fresh process runs its first tens of thousands of events in V8's slower tiers, and a client of a busy PBX runs for hours), then, after a start marker, timed: events/s counts from the start marker to the end marker." : "events/s counts from the first event to the marker (no warm-up pass)."}`,
    `${settings.coldPass ? "Cold: amikit, split-baseline and codec-baseline also receive the stream without the warm-up pass, timed from its first event in a fresh process (what a script or a just-restarted service sees). " : ""}Heap per pending Ping: ${formatInteger(settings.heapPings)} Pings issued to a server that answers nothing but Login, their promises kept in an array allocated beforehand; the heap used after a full GC with them pending minus before, per Ping, 1 000 Pings left pending before the first reading (\`node --expose-gc\`, the smaller of two readings 300 ms apart). Subscribers: amikit's other ways of subscribing are timed warm right after its plain \`events$\` subscriber, the ratio paired per round.`,
    `Ping: ${formatInteger(settings.pings)} Pings issued at once through each client's API in a fresh process (no warm-up: a burst), timed until the last answer; the server answers each as it reads it.`,
    `Every figure is the median of ${settings.rounds} rounds; each client runs in a fresh process per measurement${settings.pinned ? ` on CPU ${settings.pinned.client} (the replay server on CPU ${settings.pinned.server}, pinned with \`taskset\`)` : " (CPUs not pinned)"}, in an order that alternates every round: in each round every client's event stream, then every client's Ping burst, amikit and the four yardsticks (split-, count-, codec-baseline, promise-floor) back to back so that their ratios compare measurements seconds apart; a measurement without a result after ${settings.timeoutMs / 1000} s is killed and shown as –. × split / × count: events/s and Pings/s as the median of per-round ratios; RSS as ratio of medians; MB/s has the events/s ratios (every client gets the same bytes), so they are not repeated. Peak RSS is the process's \`maxRSS\`.`,
    `Correctness: the event count, every ${settings.sampleEvery}th event of the first round compared field by field with what was sent, and every event of a second corpus (${heavy.description}, ${formatFixed(heavy.bytes / 1e6)} MB, ${formatInteger(heavy.packetCount)} events) written in pieces that end inside multi-byte UTF-8 characters (1 ms apart), so those characters usually arrive split across two reads. When events were lost, each sampled event is compared with the closest sent event of the same name.`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; load average at start ${machine.loadAverage}. Run ${result.startedAt} at commit ${machine.commit}.`,
  ].join("\n");
}

/** @param {any} row */
function correctnessCell(row) {
  if (row.pingOnly) return "n/a (no socket, decodes nothing)";
  if (row.countsOnly)
    return row.countsOk ? "n/a (decodes nothing); count ✓" : "n/a (decodes nothing); count ✗";
  const checks = row.correctness;
  const problems = [];
  if (!row.countsOk)
    problems.push(
      `events received ${row.counts.map(formatInteger).join(", ")} of ${formatInteger(checks?.main?.expectedCount)}`,
    );
  for (const [corpus, check] of [
    ["stream", checks?.main],
    ["heavy", checks?.heavy],
  ]) {
    if (!check) {
      problems.push(`no result on the ${corpus} corpus`);
      continue;
    }
    if (corpus === "heavy" && !check.countOk)
      problems.push(
        `heavy corpus: ${formatInteger(check.count)} of ${formatInteger(check.expectedCount)} events`,
      );
  }
  const kinds = new Set([
    ...Object.keys(checks?.main?.problems ?? {}),
    ...Object.keys(checks?.heavy?.problems ?? {}),
  ]);
  for (const kind of kinds)
    problems.push(PROBLEM_TEXT[/** @type {keyof typeof PROBLEM_TEXT} */ (kind)] ?? kind);
  for (const error of row.errors) problems.push(`failed: ${error}`);
  if (problems.length === 0) return row.exactKeys ? "✅ exact (keys as sent)" : "✅ values intact";
  return `${row.name === "split-baseline" ? "❌ (by design)" : "❌"} ${problems.join("; ")}`;
}

/** @param {E2eResult} result */
function renderE2eLosses(result) {
  const lines = [];
  for (const row of result.rows) {
    for (const [corpus, check] of [
      ["stream", row.correctness?.main],
      ["heavy corpus", row.correctness?.heavy],
    ]) {
      for (const [kind, { count, example }] of Object.entries(check?.problems ?? {})) {
        const detail = [`event #${example.packet}`, `\`${example.key}\``];
        if (example.expected) detail.push(`sent ${quoted(example.expected)}`);
        if (example.got) detail.push(`got ${quoted(example.got)}`);
        lines.push(
          `- ${row.label}, ${corpus}: ${PROBLEM_TEXT[/** @type {keyof typeof PROBLEM_TEXT} */ (kind)] ?? kind} in ${formatInteger(count)} of ${formatInteger(check.sampled)} checked events — e.g. ${detail.join(", ")}`,
        );
      }
    }
    for (const error of row.errors) lines.push(`- ${row.label}: ${error}`);
  }
  if (lines.length === 0) lines.push("None.");
  return lines;
}
