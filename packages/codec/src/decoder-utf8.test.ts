import { concatBytes, utf8 } from "@amikit/test-support";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AmiDecoder } from "./decoder.ts";
import { AmiFrameTooLargeError } from "./errors.ts";
import { decodeChunks, decodeEveryWay } from "./test-support/decode.ts";

describe("AmiDecoder text decoding", () => {
  it.each([
    ["two-byte (Cyrillic)", "мир"],
    ["three-byte (euro sign)", "€"],
    ["four-byte (emoji)", "📞"],
  ])("decodes a %s character split across two chunks at every byte", (_, character) => {
    const [packet] = decodeEveryWay(`Event: UserEvent\r\nValue: ${character}\r\n\r\n`);
    expect(packet?.get("Value")).toBe(character);
  });

  it("decodes a multibyte key, and a character split between two pushes", () => {
    const bytes = utf8("Event: X\r\nПривет: 📞\r\n\r\n");
    const emojiStart = bytes.indexOf(0xf0);
    const [packet] = decodeChunks([bytes.subarray(0, emojiStart + 2), bytes.subarray(emojiStart + 2)]);
    expect(packet?.get("привет")).toBe("📞");
  });

  it.each([
    ["a lone continuation byte", [0x80], "\uFFFD"],
    ["an invalid byte", [0xff], "\uFFFD"],
    ["a truncated sequence before the line ending", [0xe2, 0x82], "\uFFFD"],
    ["an overlong encoding", [0xc0, 0xaf], "\uFFFD\uFFFD"],
    ["an encoded surrogate", [0xed, 0xa0, 0x80], "\uFFFD\uFFFD\uFFFD"],
    ["a valid character between invalid bytes", [0xff, 0xd0, 0xbc, 0xff], "\uFFFDм\uFFFD"],
  ])("replaces %s with U+FFFD and never throws", (_, invalid, expected) => {
    const bytes = concatBytes(utf8("Event: Bad\r\nValue: <"), new Uint8Array(invalid), utf8(">\r\n\r\n"));
    const [packet] = decodeEveryWay(bytes);
    expect(packet?.get("Value")).toBe(`<${expected}>`);
  });

  it("decodes any valid text identically however it is split", () => {
    const value = fc.string({ unit: "grapheme", maxLength: 30 }).filter((text) => !/[\r\n]/.test(text));
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (values, cuts) => {
          const bytes = utf8(
            `Event: T\r\n${values.map((text, index) => `K${index}: ${text}\r\n`).join("")}\r\n`,
          );
          const offsets = cuts.map((cut) => cut % (bytes.length + 1));
          const chunks: Uint8Array[] = [];
          let start = 0;
          for (const offset of [...offsets].sort((a, b) => a - b)) {
            chunks.push(bytes.subarray(start, Math.max(start, offset)));
            start = Math.max(start, offset);
          }
          chunks.push(bytes.subarray(start));
          const [packet, ...rest] = decodeChunks(chunks);
          expect(rest).toEqual([]);
          expect(packet?.fields.slice(1).map(([, text]) => text)).toEqual(values);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("counts maxPacketBytes in UTF-8 bytes, not characters", () => {
    const value = "м".repeat(60); // 60 characters, 120 bytes
    const bytes = utf8(`Event: X\r\nV: ${value}\r\n\r\n`);
    expect(bytes.length).toBeGreaterThan(100);
    const decoder = new AmiDecoder({ maxPacketBytes: 100 });
    expect(() => decoder.push(bytes)).toThrow(AmiFrameTooLargeError);
    expect(decodeChunks([bytes], { maxPacketBytes: bytes.length })[0]?.get("V")).toBe(value);
  });
});
