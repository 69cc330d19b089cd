import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AmiFieldValue, encodeAction, encodePacket, formatAction } from "./encoder.ts";
import { AmiEncodeError, AmiError } from "./errors.ts";
import { decodeChunks } from "./test-support/decode.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("encodeAction", () => {
  it("writes Action, then ActionID, then the fields in order, then the blank line", () => {
    const bytes = encodeAction(
      "Originate",
      { Channel: "Local/x@y", Variable: { A: "1", B: "2" }, Async: true },
      "id-1",
    );
    expect(text(bytes)).toBe(
      "Action: Originate\r\nActionID: id-1\r\nChannel: Local/x@y\r\nVariable: A=1\r\nVariable: B=2\r\nAsync: true\r\n\r\n",
    );
  });

  it("encodes booleans, numbers, arrays and records, and skips undefined", () => {
    const bytes = encodeAction("Test", {
      Yes: true,
      No: false,
      Count: 7,
      Timeout: 30000.5,
      Skipped: undefined,
      Codec: ["ulaw", "alaw"],
      NoLines: [],
      Variable: { "CDR(userfield)": "a=b=c", EMPTY: "" },
      Text: "007",
    });
    expect(text(bytes)).toBe(
      "Action: Test\r\nYes: true\r\nNo: false\r\nCount: 7\r\nTimeout: 30000.5\r\nCodec: ulaw\r\nCodec: alaw\r\n" +
        "Variable: CDR(userfield)=a=b=c\r\nVariable: EMPTY=\r\nText: 007\r\n\r\n",
    );
  });

  it("encodes without fields or ActionID, and UTF-8 values as UTF-8 bytes", () => {
    expect(text(encodeAction("Ping"))).toBe("Action: Ping\r\n\r\n");
    const bytes = encodeAction("UserEvent", { UserEvent: "Hello", Greeting: "Привет, мир", Emoji: "📞" });
    expect(Array.from(bytes.subarray(bytes.indexOf(0xf0), bytes.indexOf(0xf0) + 4))).toEqual([
      0xf0, 0x9f, 0x93, 0x9e,
    ]);
    expect(decodeChunks([bytes])[0]?.get("Emoji")).toBe("📞");
  });

  it("refuses an ambiguous ActionID and an Action field", () => {
    expect(() => encodeAction("Ping", { ActionID: "a" }, "b")).toThrow(AmiEncodeError);
    expect(() => encodeAction("Ping", { actionid: "a" }, "b")).toThrow(/Ambiguous ActionID/);
    expect(text(encodeAction("Ping", { ActionID: "a" }))).toBe("Action: Ping\r\nActionID: a\r\n\r\n");
    expect(() => encodeAction("Ping", { Action: "Logoff" })).toThrow(AmiEncodeError);
  });

  it("refuses an empty action name, non-finite numbers and unsupported values", () => {
    expect(() => encodeAction("")).toThrow(AmiEncodeError);
    expect(() => encodeAction("X", { N: Number.NaN })).toThrow(AmiEncodeError);
    expect(() => encodeAction("X", { N: Number.POSITIVE_INFINITY })).toThrow(AmiEncodeError);
    const loose = (value: unknown) => ({ V: value }) as unknown as Record<string, string>;
    expect(() => encodeAction("X", loose(null))).toThrow(AmiEncodeError);
    expect(() =>
      encodeAction(
        "X",
        loose(() => 1),
      ),
    ).toThrow(AmiEncodeError);
    expect(() => encodeAction("X", loose([1]))).toThrow(AmiEncodeError);
    expect(() => encodeAction("X", loose({ a: 1 }))).toThrow(AmiEncodeError);
  });
});

describe("header injection is impossible", () => {
  const injections = [
    "\r",
    "\n",
    "\r\n",
    "\0",
    "a\r\nAction: Logoff",
    "x\nEvent: Fake",
    "\r\n\r\nAction: Hangup",
  ];

  it.each(injections)("in a value: %j", (bad) => {
    expect(() => encodeAction("Ping", { V: bad })).toThrow(AmiEncodeError);
    expect(() => encodeAction("Ping", { V: ["ok", bad] })).toThrow(AmiEncodeError);
    expect(() => encodeAction("Ping", { Variable: { NAME: bad } })).toThrow(AmiEncodeError);
    expect(() => encodeAction("Ping", {}, bad)).toThrow(AmiEncodeError);
    expect(() => encodeAction(`Ping${bad}`)).toThrow(AmiEncodeError);
    expect(() => encodePacket([["Event", bad]])).toThrow(AmiEncodeError);
    expect(() => encodePacket({ Event: bad })).toThrow(AmiEncodeError);
  });

  it.each([
    ...injections,
    ":",
    "a:b",
    "a b",
    "a\tb",
    " lead",
    "trail ",
    "\u00a0",
    "\u2028",
    "\x7f",
    "\x01",
    "",
  ])("in a key: %j", (bad) => {
    expect(() => encodeAction("Ping", { [bad]: "v" })).toThrow(AmiEncodeError);
    expect(() => encodePacket([[bad, "v"]])).toThrow(AmiEncodeError);
    expect(() => encodePacket({ [bad]: "v" })).toThrow(AmiEncodeError);
  });

  it.each(["=", "a=b", "\r", "\n", "\0", ""])("in a record entry name: %j", (bad) => {
    expect(() => encodeAction("Originate", { Variable: { [bad]: "v" } })).toThrow(AmiEncodeError);
  });

  it("refuses lone surrogates, which UTF-8 cannot carry", () => {
    expect(() => encodeAction("X", { V: "a\uD800b" })).toThrow(AmiEncodeError);
    expect(() => encodeAction("X", { V: "\uDC00" })).toThrow(AmiEncodeError);
    expect(() => encodeAction("X", { "K\uD800": "v" })).toThrow(AmiEncodeError);
    expect(() => encodeAction("X", { Variable: { "\uDBFF": "v" } })).toThrow(AmiEncodeError);
    expect(text(encodeAction("X", { V: "\uD83D\uDCDE" }))).toContain("📞");
  });

  it("reports the key and is an AmiError", () => {
    try {
      encodeAction("Ping", { Channel: "a\r\nAction: Logoff" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AmiError);
      expect(error).toMatchObject({ name: "AmiEncodeError", key: "Channel" });
    }
  });

  it("any string either throws AmiEncodeError or decodes back to exactly one packet with the same fields", () => {
    const tricky = fc.constantFrom("\r", "\n", "\0", ":", " ", "=", "\uD800", "\uDC00", "a", "é", "📞");
    const anyText = fc.oneof(
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.string({ unit: tricky, maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(anyText, anyText), { minLength: 1, maxLength: 5 }), (pairs) => {
        const fields: [string, string][] = [["Event", "Fuzz"], ...pairs];
        let bytes: Uint8Array;
        try {
          bytes = encodePacket(fields);
        } catch (error) {
          expect(error).toBeInstanceOf(AmiEncodeError);
          return;
        }
        const packets = decodeChunks([bytes]);
        expect(packets).toHaveLength(1);
        expect(packets[0]?.fields).toEqual(fields);
      }),
      { numRuns: 500 },
    );
  });
});

describe("encodePacket", () => {
  it("encodes pairs verbatim, repeated keys included, in order", () => {
    const bytes = encodePacket([
      ["Event", "OriginateResponse"],
      ["ChanVariable(Local/quick@test-00000000;1)", "FOO=bar"],
      ["ChanVariable(Local/quick@test-00000000;1)", "IDX="],
      ["AccountCode", ""],
    ]);
    expect(text(bytes)).toBe(
      "Event: OriginateResponse\r\nChanVariable(Local/quick@test-00000000;1): FOO=bar\r\n" +
        "ChanVariable(Local/quick@test-00000000;1): IDX=\r\nAccountCode: \r\n\r\n",
    );
  });

  it("encodes records with the same value rules as encodeAction", () => {
    expect(text(encodePacket({ Response: "Success", ActionID: "1", EventList: ["a", "b"], Ok: true }))).toBe(
      "Response: Success\r\nActionID: 1\r\nEventList: a\r\nEventList: b\r\nOk: true\r\n\r\n",
    );
  });

  it("refuses an empty packet and non-string pair values", () => {
    expect(() => encodePacket([])).toThrow(AmiEncodeError);
    expect(() => encodePacket({})).toThrow(AmiEncodeError);
    expect(() => encodePacket({ Skipped: undefined })).toThrow(AmiEncodeError);
    expect(() => encodePacket([["Event", 1 as unknown as string]])).toThrow(AmiEncodeError);
  });

  it("round-trips through the decoder", () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9()/@;._-]{0,15}$/);
    const value = fc
      .string({ unit: "grapheme", maxLength: 20 })
      .filter((candidate) => !/[\r\n\0]/.test(candidate));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), (pairs) => {
        const fields: [string, string][] = [["Event", "RoundTrip"], ...pairs];
        const [packet] = decodeChunks([encodePacket(fields)]);
        expect(packet?.fields).toEqual(fields);
        expect(packet?.type).toBe("event");
      }),
      { numRuns: 200 },
    );
    const action = decodeChunks([encodeAction("Originate", { Variable: { A: "1", B: "x=y" } }, "rt-1")])[0];
    expect(action?.type).toBe("action");
    expect(action?.actionId).toBe("rt-1");
    expect(action?.getAll("Variable")).toEqual(["A=1", "B=x=y"]);
  });
});

describe("formatAction", () => {
  it("is the text encodeAction encodes, for actions with and without fields", () => {
    const cases: [string, Record<string, AmiFieldValue> | undefined, string | undefined][] = [
      ["Ping", undefined, "id-7"],
      ["Ping", {}, undefined],
      ["Originate", { Channel: "Local/100@test", Variable: { A: "1" }, Async: true, Timeout: 30 }, "x"],
      ["Command", { Command: "core show channels" }, "Müller-1"],
    ];
    for (const [name, fields, id] of cases) {
      expect(new TextEncoder().encode(formatAction(name, fields, id))).toEqual(
        encodeAction(name, fields, id),
      );
    }
    expect(formatAction("Ping", undefined, "id-7")).toBe("Action: Ping\r\nActionID: id-7\r\n\r\n");
  });

  it("checks the name every time, also after the same name passed once", () => {
    expect(formatAction("Ping")).toBe("Action: Ping\r\n\r\n");
    expect(() => formatAction("Ping\r\nAction: Logoff")).toThrow(AmiEncodeError);
    expect(() => formatAction("Ping\r\nAction: Logoff")).toThrow(AmiEncodeError);
    expect(() => formatAction("")).toThrow(AmiEncodeError);
    expect(() => formatAction("Ping", undefined, "a\nb")).toThrow(AmiEncodeError);
    expect(() => formatAction("Ping", { action: "x" })).toThrow(AmiEncodeError);
  });
});
