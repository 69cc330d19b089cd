import { formatAction } from "@amikit/codec";
import { describe, expect, test } from "vitest";
import { FakeFieldError } from "./errors.ts";
import { type FakeFields, formatPacket, toFieldList } from "./fields.ts";

describe("FakeFields", () => {
  test("an object of AmiFieldValue is written exactly as the client's encoder writes the same headers", () => {
    const fields = {
      Channel: "PJSIP/100-00000001",
      Priority: 1,
      Count: 12345678901234567890n,
      Async: true,
      Missing: undefined,
      Codecs: ["ulaw", "alaw"],
      Variable: { A: "1", B: "two" },
      Extra: new Map([["C", "3"]]),
    } satisfies FakeFields;
    const encoded = formatAction("Originate", fields);
    expect(`Action: Originate\r\n${formatPacket(toFieldList(fields))}`).toBe(encoded);
    expect(toFieldList(fields)).toEqual([
      ["Channel", "PJSIP/100-00000001"],
      ["Priority", "1"],
      ["Count", "12345678901234567890"],
      ["Async", "true"],
      ["Codecs", "ulaw"],
      ["Codecs", "alaw"],
      ["Variable", "A=1"],
      ["Variable", "B=two"],
      ["Extra", "C=3"],
    ]);
  });

  test("pairs keep their order and may repeat a name", () => {
    expect(
      toFieldList([
        ["Event", "X"],
        ["Variable", "a=1"],
        ["Variable", "b=2"],
      ]),
    ).toEqual([
      ["Event", "X"],
      ["Variable", "a=1"],
      ["Variable", "b=2"],
    ]);
  });

  test("a record entry holding a line break is a FakeFieldError, not a broken packet", () => {
    expect(() => toFieldList({ Variable: { A: "1\r\nEvent: Injected" } })).toThrow(FakeFieldError);
  });
});
