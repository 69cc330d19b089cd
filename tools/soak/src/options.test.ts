import { describe, expect, it } from "vitest";
import { defaultSoakOptions, parseSoakArgs, SoakUsageError } from "./options.ts";

const defaults = defaultSoakOptions(42);

describe("parseSoakArgs", () => {
  it("keeps the defaults without arguments: 2 minutes, every behaviour", () => {
    const options = parseSoakArgs([], defaults);
    expect(options.durationSeconds).toBe(120);
    expect(options.seed).toBe(42);
    expect(options.behaviours).toEqual(["stall", "drop", "flap", "burst", "oversize", "dense", "halfclose"]);
  });

  it("reads --name value and --name=value, after the -- that pnpm passes through", () => {
    const options = parseSoakArgs(["--", "--duration", "10", "--seed=7", "--only", "stall,flap"], defaults);
    expect(options).toMatchObject({ durationSeconds: 10, seed: 7, behaviours: ["stall", "flap"] });
  });

  it.each([
    [["--duration", "0"], "--duration must be a number in 1..3600"],
    [["--duration", "abc"], "--duration must be a number in 1..3600"],
    [["--duration"], "--duration needs a value"],
    [["--seed", "1.5"], "--seed must be an integer"],
    [["--colour", "red"], "unknown option --colour"],
    [["--only", "stall,explode"], 'unknown behaviour "explode"'],
    [["stray"], 'unexpected argument "stray"'],
  ])("refuses %j with a SoakUsageError that says why", (argv, message) => {
    expect(() => parseSoakArgs(argv, defaults)).toThrow(SoakUsageError);
    expect(() => parseSoakArgs(argv, defaults)).toThrow(message);
  });
});
