import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Deadlined, Deadlines } from "./deadlines.ts";

interface Fake extends Deadlined {
  readonly name: string;
}

const fake = (name: string, timeout: number): Fake => ({ name, timeout, deadline: -1, restarted: false });

describe("Deadlines", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A queue whose live entries are `waiting`; expiring one removes it and records its name. */
  function queue() {
    const waiting = new Set<Fake>();
    const expired: string[] = [];
    const deadlines = new Deadlines<Fake>(
      (entry) => {
        waiting.delete(entry);
        expired.push(entry.name);
      },
      () => waiting.size,
    );
    const start = (entry: Fake) => {
      waiting.add(entry);
      deadlines.start(entry);
    };
    const stop = (entry: Fake) => {
      waiting.delete(entry);
      deadlines.stop(entry);
    };
    return { deadlines, expired, start, stop, waiting };
  }

  it("a restarted entry's stale first place neither expires it early nor holds back the ones after it", () => {
    const { deadlines, expired, start } = queue();
    const a = fake("a", 1000);
    const b = fake("b", 1000);
    start(a);
    vi.advanceTimersByTime(100);
    start(b);
    vi.advanceTimersByTime(400);
    deadlines.restart(a); // a now expires at 1500
    vi.advanceTimersByTime(599); // 1099
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1); // 1100: b's time, while a's first place (due at 1000) is stale
    expect(expired).toEqual(["b"]);
    vi.advanceTimersByTime(399);
    expect(expired).toEqual(["b"]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["b", "a"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps every deadline exact through thousands of restarts and the compactions they cause", () => {
    const { deadlines, expired, start, stop } = queue();
    const list = fake("list", 300);
    const others = Array.from({ length: 50 }, (_, n) => fake(`ping${n}`, 300));
    start(list);
    for (const [n, ping] of others.entries()) {
      start(ping);
      if (n % 2 === 0) stop(ping); // answered at once: a stale first place
    }
    // The list gets an item every 10 ms for 5 s (each restarts its timeout): it never expires meanwhile,
    // and the pings left pending expire at 300 ms all the same.
    for (let step = 1; step <= 500; step++) {
      vi.advanceTimersByTime(10);
      for (let item = 0; item < 10; item++) deadlines.restart(list);
      if (step === 30) expect(expired).toEqual(others.filter((_, n) => n % 2 === 1).map((ping) => ping.name));
    }
    expect(expired).not.toContain("list");
    vi.advanceTimersByTime(299);
    expect(expired).not.toContain("list");
    vi.advanceTimersByTime(1);
    expect(expired.at(-1)).toBe("list");
    expect(vi.getTimerCount()).toBe(0);
  });
});
