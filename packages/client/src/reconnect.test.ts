import { describe, expect, it } from "vitest";
import { AmiValidationError } from "./errors.ts";
import { backoffDelay, DEFAULT_RECONNECT, resolveReconnect } from "./reconnect.ts";

describe("backoffDelay", () => {
  const policy = { initialDelay: 100, maxDelay: 1000, factor: 2, jitter: 0, maxAttempts: 10, stableAfter: 0 };

  it("grows exponentially from initialDelay and stops at maxDelay", () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, () => 0.5));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("takes up to `jitter` of each delay off, driven by the random source", () => {
    const jittery = { ...policy, jitter: 0.5 };
    expect(backoffDelay(3, jittery, () => 0)).toBe(400);
    expect(backoffDelay(3, jittery, () => 0.5)).toBe(300);
    expect(backoffDelay(3, jittery, () => 0.999999)).toBe(200);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(4, jittery, Math.random);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });

  it("never exceeds the longest timer delay, so a huge or infinite maxDelay cannot make timers fire at once", () => {
    const unbounded = {
      initialDelay: 1000,
      maxDelay: Number.POSITIVE_INFINITY,
      factor: 2,
      jitter: 0,
      maxAttempts: 5000,
      stableAfter: 0,
    };
    for (const attempt of [40, 1100, 5000])
      expect(backoffDelay(attempt, unbounded, () => 0)).toBe(2_147_483_647);
    expect(backoffDelay(3, { ...unbounded, maxDelay: 1e12 }, () => 0)).toBe(4000);
  });
});

describe("resolveReconnect", () => {
  it("is off for false and the defaults for true/undefined", () => {
    expect(resolveReconnect(false)).toBeUndefined();
    expect(resolveReconnect(undefined)).toEqual(DEFAULT_RECONNECT);
    expect(resolveReconnect(true)).toEqual(DEFAULT_RECONNECT);
  });

  it("fills unspecified fields with the defaults", () => {
    expect(resolveReconnect({ maxAttempts: 3 })).toEqual({ ...DEFAULT_RECONNECT, maxAttempts: 3 });
  });

  it("rejects nonsense", () => {
    expect(() => resolveReconnect({ factor: 0.5 })).toThrow(/factor/);
    expect(() => resolveReconnect({ jitter: 2 })).toThrow(/jitter/);
    expect(() => resolveReconnect({ initialDelay: 10, maxDelay: 5 })).toThrow(/maxDelay/);
    expect(() => resolveReconnect({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolveReconnect({ initialDelay: Number.NaN })).toThrow(/initialDelay/);
    expect(() => resolveReconnect({ stableAfter: -1 })).toThrow(
      /`reconnect\.stableAfter` must be .*\(got -1\)/,
    );
    expect(() => resolveReconnect({ maxAttempts: 2.5 })).toThrow(AmiValidationError);
    expect(() => resolveReconnect("yes")).toThrow(/`reconnect` must be .*\(got "yes"\)/);
  });

  it("defaults stableAfter to 5 s and lets a larger initialDelay raise the default maxDelay", () => {
    expect(DEFAULT_RECONNECT.stableAfter).toBe(5_000);
    expect(resolveReconnect({ stableAfter: 0 })?.stableAfter).toBe(0);
    expect(resolveReconnect({ initialDelay: 60_000 })?.maxDelay).toBe(60_000);
  });
});
