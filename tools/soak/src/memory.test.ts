import { describe, expect, it } from "vitest";
import { judgeMemory, type MemorySample, slopeOf } from "./memory.ts";

const MIB = 1024 * 1024;
const rule = { maxSlopeMiBPerMinute: 2, growthFloorMiB: 8, ceilingMiB: 128, stallBudgetMiB: 16 };

/** One sample per second for `seconds`, live memory from `liveMiB(t)`. */
function run(seconds: number, liveMiB: (t: number) => number): MemorySample[] {
  return Array.from({ length: seconds + 1 }, (_, t) => ({
    t,
    at: 1_000_000 + t * 1000,
    rss: 80 * MIB,
    live: liveMiB(t) * MIB,
  }));
}

describe("slopeOf", () => {
  it("is the least-squares slope in bytes per second", () => {
    expect(slopeOf(run(10, (t) => 10 + t))).toBeCloseTo(MIB, 0);
    expect(slopeOf(run(10, () => 10))).toBe(0);
  });
});

describe("judgeMemory", () => {
  it("passes flat memory with noise", () => {
    const verdict = judgeMemory(
      run(120, (t) => 20 + (t % 3) * 0.5),
      120,
      0,
      rule,
    );
    expect(verdict.keptGrowing).toBe(false);
    expect(verdict.overCeiling).toBe(false);
    expect(verdict.baselineMiB).toBeGreaterThanOrEqual(20);
  });

  it("flags a leak: steady growth that ends far above warm-up", () => {
    const verdict = judgeMemory(
      run(120, (t) => 20 + t * 0.2),
      120,
      0,
      rule,
    );
    expect(verdict.slopeMiBPerMinute).toBeCloseTo(12, 0);
    expect(verdict.keptGrowing).toBe(true);
  });

  it("does not flag one step up that then stays flat", () => {
    const verdict = judgeMemory(
      run(120, (t) => (t < 50 ? 20 : 40)),
      120,
      0,
      rule,
    );
    expect(verdict.keptGrowing).toBe(false);
  });

  it("does not flag a steep but small rise (under the growth floor)", () => {
    const verdict = judgeMemory(
      run(10, (t) => 20 + t * 0.3),
      10,
      0,
      rule,
    );
    expect(verdict.slopeMiBPerMinute).toBeGreaterThan(2);
    expect(verdict.keptGrowing).toBe(false);
  });

  it("flags memory that went past the ceiling above warm-up, even if it came back", () => {
    const verdict = judgeMemory(
      run(120, (t) => (t === 90 ? 200 : 20)),
      120,
      0,
      rule,
    );
    expect(verdict.overCeiling).toBe(true);
  });

  it("flags growth within a long stall beyond the stall budget, and only in stalls of 4 s or more", () => {
    const samples = run(60, (t) => (t >= 20 && t <= 30 ? 20 + (t - 20) * 3 : 20));
    const stall = [1_000_000 + 20_000, 1_000_000 + 30_000] as const;
    const judged = judgeMemory(samples, 60, 0, rule, [stall]);
    expect(judged.stallGrowths).toEqual([{ ms: 10_000, growthMiB: 30 }]);
    expect(judged.stallGrowthOverBudget).toBe(true);
    const short = judgeMemory(samples, 60, 0, rule, [[1_000_000 + 20_000, 1_000_000 + 23_000]]);
    expect(short.longStalls).toBe(0);
    expect(short.stallGrowthOverBudget).toBe(false);
  });
});
