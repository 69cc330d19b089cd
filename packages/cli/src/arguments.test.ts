import { describe, expect, it } from "vitest";
import { numberOption, parseCommandLine } from "./arguments.ts";
import { UsageError } from "./cli-errors.ts";

describe("parseCommandLine", () => {
  it("reads a subcommand, its options and positionals", () => {
    const parsed = parseCommandLine(["events", "--filter", "Newchannel,Hangup", "--json", "-p", "5039"]);
    expect(parsed.subcommand).toBe("events");
    expect(parsed.values).toMatchObject({ filter: "Newchannel,Hangup", json: true, port: "5039" });
  });

  it("treats unknown --Name value pairs of action as headers, repeated ones collected", () => {
    const parsed = parseCommandLine([
      "action",
      "Originate",
      "--Channel",
      "PJSIP/alice",
      "--Variable=A=1",
      "--Variable",
      "B=2",
      "--json",
      "--timeout",
      "500",
      "--Timeout",
      "30000",
      "--AccountCode=",
    ]);
    expect(parsed.positionals).toEqual(["Originate"]);
    expect(parsed.values).toMatchObject({ json: true, timeout: "500" });
    expect([...parsed.headers]).toEqual([
      ["Channel", ["PJSIP/alice"]],
      ["Variable", ["A=1", "B=2"]],
      ["Timeout", ["30000"]],
      ["AccountCode", [""]],
    ]);
  });

  it("shows help for no arguments or --help", () => {
    expect(parseCommandLine([]).subcommand).toBe("help");
    expect(parseCommandLine(["--help"]).subcommand).toBe("help");
    expect(parseCommandLine(["events", "--help"]).values.help).toBe(true);
  });

  it("rejects an unknown command with a suggestion", () => {
    const error = catchError(() => parseCommandLine(["evnets"]));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('unknown command "evnets"');
    expect(error.hints[0]).toBe("did you mean: events?");
  });

  it("rejects an unknown option with a suggestion", () => {
    const error = catchError(() => parseCommandLine(["events", "--filtr", "Hangup"]));
    expect(error.message).toBe('unknown option --filtr for "amikit events"');
    expect(error.hints[0]).toBe("did you mean: --filter?");
  });

  it("rejects a header without a value and an option without one", () => {
    expect(() => parseCommandLine(["action", "Ping", "--Channel"])).toThrow(/needs a value/);
    expect(() => parseCommandLine(["events", "--filter"])).toThrow(UsageError);
  });

  it("validates number options", () => {
    expect(numberOption(parseCommandLine(["simulate", "-c", "2.5"]), "calls-per-second")).toBe(2.5);
    expect(() => numberOption(parseCommandLine(["simulate", "-c", "fast"]), "calls-per-second")).toThrow(
      /number/,
    );
  });
});

function catchError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error("expected a UsageError");
}
