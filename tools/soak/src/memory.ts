/**
 * Memory samples after a forced GC, and the rule that says whether memory "kept growing".
 *
 * The measure is live memory: `heapUsed + external` (external holds Buffers and ArrayBuffers, where a
 * socket's unwritten bytes sit) right after `gc()`; RSS is reported too but not judged, because the
 * allocator keeps pages it no longer needs. The rule, over a run of D seconds:
 *
 * - baseline = median of the samples taken in [D/8, D/4] (after warm-up: JIT, first connection, pools);
 * - **kept growing** = the least-squares slope of the samples of the last half exceeds `maxSlope`
 *   MiB/min **and** the end (median of the last three samples) sits more than `growthFloor` MiB above
 *   the baseline. Both, so that neither noise in a short run nor one step up that then stays flat trips it;
 * - **ceiling** = no sample may exceed the baseline by more than `ceiling` MiB (a bound, reached or not);
 * - **stall growth** = during each stall of at least {@link LONG_STALL_MS} (the server stopped reading),
 *   live memory may rise by at most `stallBudget` MiB above the first sample taken in it: a client
 *   that stops writing when the socket is full keeps its unwritten bytes bounded, one that queues
 *   every write grows by (action rate × action size) for as long as the stall lasts.
 */

/** Stalls at least this long (ms) are judged by the stall-growth rule. */
export const LONG_STALL_MS = 4000;

/** One sample. */
export interface MemorySample {
  /** Seconds since the soak started. */
  readonly t: number;
  /** `Date.now()` when taken, to place it within the server's stalls. */
  readonly at: number;
  readonly rss: number;
  /** `heapUsed + external`, after `gc()`. */
  readonly live: number;
}

/** The memory rule's thresholds. */
export interface MemoryRule {
  readonly maxSlopeMiBPerMinute: number;
  readonly growthFloorMiB: number;
  readonly ceilingMiB: number;
  readonly stallBudgetMiB: number;
}

/** What the rule found. */
export interface MemoryVerdict {
  readonly samples: number;
  readonly baselineMiB: number;
  readonly finalMiB: number;
  readonly peakLiveMiB: number;
  readonly slopeMiBPerMinute: number;
  readonly peakRssMiB: number;
  readonly finalRssMiB: number;
  /** The slope and the end both exceed their thresholds. */
  readonly keptGrowing: boolean;
  /** A sample went more than `ceilingMiB` above the baseline. */
  readonly overCeiling: boolean;
  /** Long stalls judged (at least three samples in them). */
  readonly longStalls: number;
  /** Each judged stall: its length in ms and how much live memory rose within it, in MiB. */
  readonly stallGrowths: readonly { readonly ms: number; readonly growthMiB: number }[];
  /** The most live memory rose within one long stall, in MiB. */
  readonly maxStallGrowthMiB: number;
  /** Some long stall saw more growth than `stallBudgetMiB`. */
  readonly stallGrowthOverBudget: boolean;
}

const MIB = 1024 * 1024;

/** Takes a sample every `intervalMs`, each after a full GC (`gc` must be exposed: `node --expose-gc`). */
export class MemorySampler {
  readonly samples: MemorySample[] = [];
  readonly #gc: () => void;
  readonly #start = performance.now();
  #timer: ReturnType<typeof setInterval> | undefined;
  #peakRss = 0;

  constructor(gc: () => void) {
    this.#gc = gc;
  }

  /** The highest RSS seen, sampled with every memory sample and at every {@link sample} call. */
  get peakRss(): number {
    return this.#peakRss;
  }

  /** Starts sampling. */
  start(intervalMs: number): void {
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Stops sampling. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Takes one sample now. */
  sample(): MemorySample {
    const before = process.memoryUsage.rss();
    this.#gc();
    const usage = process.memoryUsage();
    const sample = {
      t: (performance.now() - this.#start) / 1000,
      at: Date.now(),
      rss: usage.rss,
      live: usage.heapUsed + usage.external,
    };
    this.#peakRss = Math.max(this.#peakRss, before, usage.rss);
    this.samples.push(sample);
    return sample;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Least-squares slope of `live` over `t`, in bytes per second (0 with fewer than two samples). */
export function slopeOf(samples: readonly MemorySample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const meanT = samples.reduce((sum, s) => sum + s.t, 0) / n;
  const meanY = samples.reduce((sum, s) => sum + s.live, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - meanT) * (s.live - meanY);
    den += (s.t - meanT) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Applies the rule (see the module comment) to the samples of a run of `durationSeconds`. */
export function judgeMemory(
  samples: readonly MemorySample[],
  durationSeconds: number,
  peakRss: number,
  rule: MemoryRule,
  stallSpans: readonly (readonly [number, number])[] = [],
): MemoryVerdict {
  if (samples.length === 0) throw new Error("judgeMemory: no samples");
  const warm = samples.filter((s) => s.t >= durationSeconds / 8 && s.t <= durationSeconds / 4);
  const baseline = median((warm.length > 0 ? warm : samples.slice(0, 1)).map((s) => s.live));
  const lastHalf = samples.filter((s) => s.t >= durationSeconds / 2);
  const final = median(samples.slice(-3).map((s) => s.live));
  const slope = (slopeOf(lastHalf) * 60) / MIB;
  const peakLive = Math.max(...samples.map((s) => s.live));
  const last = samples[samples.length - 1] as MemorySample;
  const round = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;
  const stallGrowths: { ms: number; growthMiB: number }[] = [];
  let maxStallGrowth = 0;
  for (const [start, end] of stallSpans) {
    if (end - start < LONG_STALL_MS) continue;
    const inside = samples.filter((s) => s.at >= start && s.at <= end);
    if (inside.length < 3) continue;
    const first = (inside[0] as MemorySample).live;
    const growth = Math.max(...inside.map((s) => s.live - first));
    stallGrowths.push({ ms: end - start, growthMiB: round(growth) });
    maxStallGrowth = Math.max(maxStallGrowth, growth);
  }
  return {
    samples: samples.length,
    baselineMiB: round(baseline),
    finalMiB: round(final),
    peakLiveMiB: round(peakLive),
    slopeMiBPerMinute: Math.round(slope * 100) / 100,
    peakRssMiB: round(Math.max(peakRss, ...samples.map((s) => s.rss))),
    finalRssMiB: round(last.rss),
    keptGrowing: slope > rule.maxSlopeMiBPerMinute && (final - baseline) / MIB > rule.growthFloorMiB,
    overCeiling: (peakLive - baseline) / MIB > rule.ceilingMiB,
    longStalls: stallGrowths.length,
    stallGrowths,
    maxStallGrowthMiB: round(maxStallGrowth),
    stallGrowthOverBudget: maxStallGrowth / MIB > rule.stallBudgetMiB,
  };
}
