import { describe, expect, it } from "vitest";
import { fieldMultimap } from "../corpus/fields.mjs";
import { CorrectnessTally, compareExactFields, compareMultimaps } from "./correctness.mjs";

const sent = fieldMultimap([
  ["Event", "Hangup"],
  ["CallerIDName", "Jürgen"],
  ["AppData", "a: b"],
  ["ChanVariable", "IDX=0042"],
  ["ChanVariable", "FOO=bar"],
  ["CID-CallingPres", "0"],
]);

/** @param {Array<[string, any]>} entries */
const got = (entries) => new Map(entries);

describe("correctness comparison", () => {
  it("accepts a faithful plain-object reading, name→value objects included", () => {
    const faithful = got([
      ["event", ["Hangup"]],
      ["calleridname", ["Jürgen"]],
      ["appdata", ["a: b"]],
      ["chanvariable", [{ name: "IDX", value: "0042" }, "FOO=bar"]],
      ["cid-callingpres", ["0"]],
    ]);
    expect(compareMultimaps(sent, faithful)).toEqual([]);
  });

  it("names each kind of loss", () => {
    const lossy = got([
      ["event", ["Hangup"]],
      ["calleridname", ["J\ufffd\ufffdrgen"]],
      ["appdata", ["a"]],
      ["chanvariable", ["FOO=bar"]],
      ["cid_callingpres", ["0"]],
    ]);
    const kinds = compareMultimaps(sent, lossy).map((problem) => problem.kind);
    expect(kinds.sort()).toEqual(["colon-value", "key-renamed", "repeated", "utf8"]);
  });

  it("treats `Variable: IDX` and an object entry IDX with an empty value as equal, not `IDX=x`", () => {
    const variable = fieldMultimap([["Variable", "IDX"]]);
    expect(compareMultimaps(variable, got([["variable", [{ name: "IDX", value: "" }]]]))).toEqual([]);
    expect(compareMultimaps(variable, got([["variable", [{ name: "IDX", value: "x" }]]]))).toHaveLength(1);
  });

  it("holds amikit to exact fields: case and order count", () => {
    const fields = [
      ["Event", "A"],
      ["X", "1"],
    ];
    expect(compareExactFields(fields, [...fields])).toEqual([]);
    expect(
      compareExactFields(fields, [
        ["event", "A"],
        ["X", "1"],
      ]).map((p) => p.kind),
    ).toEqual(["case"]);
    expect(
      compareExactFields(fields, [
        ["X", "1"],
        ["Event", "A"],
      ]).map((p) => p.kind),
    ).toEqual(["order"]);
  });

  it("tallies counts and marks a short count as lossy", () => {
    const tally = new CorrectnessTally(3);
    tally.record(0, []);
    tally.record(1, [{ kind: "utf8", key: "k", expected: ["é"], got: ["?"] }]);
    const result = tally.result();
    expect(result).toMatchObject({ count: 2, countOk: false, mismatched: 1, lossy: true, exact: false });
    expect(result.problems.utf8).toEqual({
      count: 1,
      example: { packet: 1, key: "k", expected: ["é"], got: ["?"] },
    });
  });
});
