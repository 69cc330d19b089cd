import { PROBLEM_TEXT } from "../decode/correctness.mjs";
import { cell, formatFixed, formatInteger, formatRatio, quoted } from "./format.mjs";

/** @typedef {Awaited<ReturnType<typeof import("../decode/benchmark.mjs").runDecodeBenchmark>>} DecodeResult */
/** @typedef {DecodeResult["rows"][number]} DecodeRow */

/**
 * The table and its context, as markdown: what `pnpm bench` prints and writes to `results/latest.md`.
 * @param {DecodeResult} result
 */
export function renderDecodeReport(result) {
  return [
    "## Decode: bytes → packets (issue 2)",
    "",
    renderDecodeTable(result),
    "",
    renderTargetLine(result),
    "",
    renderSetup(result),
    "",
    "### Data loss found",
    "",
    ...renderLosses(result),
    "",
    "### How each decoder is driven",
    "",
    ...result.rows.map((row) => `- **${row.label}**: ${row.drivenBy}`),
    "",
  ].join("\n");
}

/** @param {DecodeResult} result */
export function renderDecodeTable(result) {
  const lines = [
    "| decoder | version | packets/s | MB/s | × split-baseline | GC share | correctness |",
    "| --- | --- | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const row of result.rows) {
    let ratio = formatRatio(row.ratio);
    if (row.name === result.target.name) {
      const verdict =
        result.target.met === undefined ? "not measured" : result.target.met ? "met" : "**MISSED**";
      ratio = `**${ratio}** (target ≥ ${result.target.ratio}×: ${verdict})`;
    }
    lines.push(
      `| ${row.label} | ${row.version} | ${formatInteger(row.packetsPerSecond)} | ${formatFixed(row.megabytesPerSecond)} | ${ratio} | ${gcShare(row)} | ${cell(correctnessCell(row))} |`,
    );
  }
  return lines.join("\n");
}

/** @param {DecodeResult} result */
export function renderTargetLine(result) {
  const { target } = result;
  if (target.met === undefined)
    return `Target: ${target.name} ≥ ${target.ratio}× split-baseline — not measured.`;
  const word = target.met ? "met" : "MISSED";
  return `Target: ${target.name} ≥ ${target.ratio}× split-baseline packets/s — **${word}** (${formatRatio(target.actual)}).`;
}

/** @param {DecodeResult} result */
function renderSetup(result) {
  const { machine, settings, corpus, heavy } = result;
  return [
    `Timed corpus: ${corpus.description} — ${formatFixed(corpus.bytes / 1e6)} MB, ${formatInteger(corpus.packetCount)} packets (${formatInteger(corpus.distinctPackets)} distinct × ${corpus.repeat}), fed in ${formatInteger(corpus.chunkCount)} reads of ${formatInteger(settings.chunkBytes)} bytes, one event-loop turn per read.`,
    `Correctness also on a second corpus (not timed): ${heavy.description} — ${formatFixed(heavy.bytes / 1e6)} MB, ${formatInteger(heavy.packetCount)} packets, fed in ${heavy.chunking}, so UTF-8 characters are split across reads. Every packet of both corpora is compared with what was sent.`,
    `packets/s and MB/s: median of ${settings.rounds} rounds; in each round every decoder runs in a fresh node process (corpus built, ${settings.warmups} untimed warm-up pass(es), then one timed pass), in an order that alternates every round. × split-baseline: median of the per-round ratios. MB = 10⁶ bytes.`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node} (V8 ${machine.v8}); load average at start ${machine.loadAverage}. Run ${result.startedAt} at commit ${machine.commit}.`,
  ].join("\n");
}

/** Median share of the timed pass spent in GC pauses. @param {DecodeRow} row */
function gcShare(row) {
  const shares = row.roundsMs.map((ms, round) => (row.roundsGcMs[round] ?? 0) / ms).sort((a, b) => a - b);
  if (shares.length === 0) return "–";
  const middle = shares[Math.floor(shares.length / 2)] ?? 0;
  return `${Math.round(middle * 100)}%`;
}

/** @param {DecodeRow} row */
function correctnessCell(row) {
  if (row.unavailable) return `not run: ${row.unavailable}`;
  const checks = row.correctness;
  if (!checks) return "not run";
  const problems = [];
  for (const [corpus, check] of [
    ["timed corpus", checks.main],
    ["heavy corpus", checks.heavy],
  ]) {
    if (check.error) problems.push(`threw on ${corpus}: ${check.error}`);
    if (!check.countOk)
      problems.push(
        `${formatInteger(check.count)}/${formatInteger(check.expectedCount)} packets on ${corpus}`,
      );
  }
  const kinds = new Set([...Object.keys(checks.main.problems), ...Object.keys(checks.heavy.problems)]);
  for (const kind of kinds)
    problems.push(PROBLEM_TEXT[/** @type {keyof typeof PROBLEM_TEXT} */ (kind)] ?? kind);
  if (!row.timedCountsOk && row.roundsMs.length > 0) problems.push("packet count wrong in a timed round");
  if (row.timingError) problems.push(`timed run failed: ${row.timingError}`);
  const total = formatInteger(checks.main.expectedCount + checks.heavy.expectedCount);
  if (problems.length > 0) {
    const lossy = checks.main.lossy || checks.heavy.lossy || row.timingError || !row.timedCountsOk;
    const verdict = lossy ? "❌ loses data" : "⚠️";
    return `${verdict}${row.name === "split-baseline" ? " (by design)" : ""}: ${problems.join("; ")}`;
  }
  return row.name === "amikit"
    ? `✅ lossless: all ${total} packets exact (keys as sent, wire order)`
    : `✅ all ${total} packets' values intact`;
}

/** @param {DecodeResult} result */
function renderLosses(result) {
  const lines = [];
  for (const row of result.rows) {
    const checks = row.correctness;
    if (!checks) continue;
    for (const [corpus, check] of [
      ["timed corpus", checks.main],
      ["heavy corpus", checks.heavy],
    ]) {
      for (const [kind, { count, example }] of Object.entries(check.problems)) {
        const detail = [`packet #${example.packet}`, `\`${example.key}\``];
        if (example.expected) detail.push(`sent ${quoted(example.expected)}`);
        if (example.got) detail.push(`got ${quoted(example.got)}`);
        lines.push(
          `- ${row.label}, ${corpus}: ${PROBLEM_TEXT[/** @type {keyof typeof PROBLEM_TEXT} */ (kind)] ?? kind} in ${formatInteger(count)} packets — e.g. ${detail.join(", ")}`,
        );
      }
      if (check.error) lines.push(`- ${row.label}, ${corpus}: threw ${quoted(check.error)}`);
    }
  }
  if (lines.length === 0) lines.push("None: every decoder returned every packet intact.");
  return lines;
}
