import { describe, expect, it } from "vitest";
import { type AmiFieldValue, encodeAction, encodePacket } from "./encoder.ts";
import { AmiEncodeError } from "./errors.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** A value the types do not allow, as a caller without TypeScript might pass it. */
const loose = (value: unknown) => value as AmiFieldValue;

/** The error encoding `{ Value: value }` as a UserEvent throws. */
function valueError(value: unknown): AmiEncodeError {
  try {
    encodeAction("UserEvent", { UserEvent: "u", Value: loose(value) });
  } catch (error) {
    expect(error).toBeInstanceOf(AmiEncodeError);
    return error as AmiEncodeError;
  }
  throw new Error(`${String(value)} was encoded`);
}

describe("value types", () => {
  it("encodes a Map like a record: one Key: name=value line per entry, in order", () => {
    const variables = new Map([
      ["B", "2"],
      ["A", "x=y"],
    ]);
    expect(text(encodeAction("Originate", { Channel: "Local/1@t", Variable: variables }))).toBe(
      "Action: Originate\r\nChannel: Local/1@t\r\nVariable: B=2\r\nVariable: A=x=y\r\n\r\n",
    );
    expect(text(encodePacket({ Event: "E", Variable: new Map([["K", "v"]]) }))).toBe(
      "Event: E\r\nVariable: K=v\r\n\r\n",
    );
  });

  it("checks a Map's entries as a record's", () => {
    expect(valueError(new Map([["A", 1]])).message).toContain(
      'entry "A" in "Value" must be a string, got a number',
    );
    expect(valueError(new Map([[1, "a"]])).message).toContain(
      'entry name in "Value" must be a string, got a number',
    );
    expect(valueError(new Map([["A=B", "a"]])).message).toContain("Invalid entry name");
    expect(valueError(new Map([["A", "a\nb"]])).message).toContain("LF (\\n) at position 2");
  });

  it("encodes a bigint as its decimal digits", () => {
    expect(text(encodeAction("X", { N: 12345678901234567890n, M: -1n }))).toBe(
      "Action: X\r\nN: 12345678901234567890\r\nM: -1\r\n\r\n",
    );
  });

  it("refuses a Date, naming the header and the type, and says what to send instead", () => {
    const error = valueError(new Date(0));
    expect(error.key).toBe("Value");
    expect(error.message).toContain('"Value"');
    expect(error.message).toContain("a Date");
    expect(error.message).toContain("toISOString");
  });

  it.each([
    ["a Set", new Set(["a"])],
    ["a RegExp", /a/],
    [
      'an object of class "Point"',
      new (class Point {
        x = "1";
      })(),
    ],
    ["a function", () => "a"],
    ["a symbol", Symbol("s")],
    ["null", null],
    ["an object", new Proxy(Object.create(Array.prototype) as object, {})],
  ])("refuses %s instead of dropping it", (name, value) => {
    const error = valueError(value);
    expect(error.key).toBe("Value");
    expect(error.message).toContain(`"Value": ${name}`);
  });

  it("refuses NaN and ±Infinity, and arrays or records holding anything but strings", () => {
    expect(valueError(Number.NaN).message).toContain("finite number, got NaN");
    expect(valueError(Number.NEGATIVE_INFINITY).message).toContain("-Infinity");
    expect(valueError(["a", 1]).message).toContain('Element 1 of "Value" must be a string, got a number');
    expect(valueError(["a", new Date(0)]).message).toContain("got a Date");
    expect(valueError({ A: new Map() }).message).toContain(
      'entry "A" in "Value" must be a string, got a Map',
    );
  });

  it("refuses a whole record that is not a plain object (it would send no field at all)", () => {
    for (const fields of [new Map([["Channel", "x"]]), new Date(0), null, "Channel: x"]) {
      expect(() => encodeAction("Originate", fields as unknown as Record<string, string>)).toThrow(
        AmiEncodeError,
      );
      expect(() => encodePacket(fields as unknown as Record<string, string>)).toThrow(/plain object/);
    }
    expect(() => encodePacket(["Event: x"] as unknown as [string, string][])).toThrow(/\[key, value\] pair/);
    expect(text(encodeAction("Ping", Object.assign(Object.create(null), { A: "1" })))).toBe(
      "Action: Ping\r\nA: 1\r\n\r\n",
    );
  });

  it("refuses a non-string action name or ActionID with a typed error", () => {
    expect(() => encodeAction(42 as unknown as string)).toThrow(/non-empty string, got a number/);
    expect(() => encodeAction("Ping", {}, 7 as unknown as string)).toThrow(
      /ActionID must be a string, got a number/,
    );
  });

  it("gives no line for an empty array, record or Map (nothing was asked for), and skips undefined", () => {
    expect(text(encodeAction("X", { A: [], B: {}, C: new Map(), D: undefined, E: "e" }))).toBe(
      "Action: X\r\nE: e\r\n\r\n",
    );
  });
});
