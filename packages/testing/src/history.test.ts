import { describe, expect, it } from "vitest";
import { History } from "./history.ts";

describe("History", () => {
  it("keeps the most recent items, oldest first", () => {
    const history = new History<number>(3);
    for (let i = 0; i < 5000; i++) history.push(i);
    expect(history.toArray()).toEqual([4997, 4998, 4999]);
  });

  it("keeps everything with Infinity and nothing with 0", () => {
    const all = new History<number>(Number.POSITIVE_INFINITY);
    const none = new History<number>(0);
    for (let i = 0; i < 10; i++) {
      all.push(i);
      none.push(i);
    }
    expect(all.toArray()).toHaveLength(10);
    expect(none.toArray()).toEqual([]);
  });
});
