import { describe, expect, it } from "vitest";
import { maxLoginsWithin } from "./client-policy.ts";

describe("maxLoginsWithin", () => {
  const policy = { initialDelay: 100, maxDelay: 400, factor: 2, jitter: 0.5 };

  it("counts one login per shortest retry delay, the delays growing up to maxDelay", () => {
    // Shortest delays: 50, 100, 200, 200, 200… (cumulative 50, 150, 350, 550, 750).
    expect(maxLoginsWithin(0, policy)).toBe(2);
    expect(maxLoginsWithin(49, policy)).toBe(2);
    expect(maxLoginsWithin(50, policy)).toBe(3);
    expect(maxLoginsWithin(350, policy)).toBe(5);
    expect(maxLoginsWithin(750, policy)).toBe(7);
  });

  it("allows far fewer logins than a backoff that never grows would make", () => {
    const stuckAtFirstDelay = Math.floor(5000 / (policy.initialDelay * (1 - policy.jitter)));
    expect(maxLoginsWithin(5000, policy)).toBeLessThan(stuckAtFirstDelay / 3);
  });
});
