import { describe, expect, it } from "vitest";
import { parseCpuList } from "./pin-cpus.mjs";

describe("parseCpuList", () => {
  it("reads Linux CPU lists: single CPUs, ranges, and both mixed", () => {
    expect(parseCpuList("0,1")).toEqual([0, 1]);
    expect(parseCpuList("0-3,6")).toEqual([0, 1, 2, 3, 6]);
    expect(parseCpuList("5,2-3")).toEqual([2, 3, 5]);
    expect(parseCpuList("7")).toEqual([7]);
    expect(parseCpuList("")).toEqual([]);
  });
});
