import { describe, expect, it } from "vitest";
import { formatTarget } from "./target.ts";

describe("formatTarget", () => {
  it.each([
    ["127.0.0.1", 5038, "127.0.0.1:5038"],
    ["pbx.example.com", 5039, "pbx.example.com:5039"],
    ["::1", 5038, "[::1]:5038"],
    ["fe80::1%eth0", 1, "[fe80::1%eth0]:1"],
    ["[::1]", 5038, "[::1]:5038"],
  ])("%s and %d → %s", (host, port, expected) => {
    expect(formatTarget(host, port)).toBe(expected);
  });
});
