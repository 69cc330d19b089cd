import { describe, expect, it } from "vitest";
import { editDistance, suggest } from "./did-you-mean.ts";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("Originate", "Originate")).toBe(0);
    expect(editDistance("Orignate", "Originate")).toBe(1);
  });

  it("is symmetric", () => {
    expect(editDistance("CoreShowChannels", "CoreShowChanel")).toBe(
      editDistance("CoreShowChanel", "CoreShowChannels"),
    );
  });
});

describe("suggest", () => {
  const actions = ["Originate", "Ping", "CoreShowChannels", "CoreShowChannelMap", "Command", "Hangup"];

  it("finds a misspelt name regardless of case", () => {
    expect(suggest("orignate", actions)[0]).toBe("Originate");
    expect(suggest("HANGPU", actions)).toContain("Hangup");
  });

  it("offers names that start with what was typed", () => {
    expect(suggest("CoreShow", actions)).toEqual(["CoreShowChannels", "CoreShowChannelMap"]);
  });

  it("suggests nothing for unrelated input and respects the limit", () => {
    expect(suggest("Frobnicate", actions)).toEqual([]);
    expect(suggest("", actions)).toEqual([]);
    expect(suggest("Co", ["Co1", "Co2", "Co3", "Co4"], 2)).toHaveLength(2);
  });
});
