import { describe, expect, it } from "vitest";
import { byteByByte, concatBytes, splitAt, utf8 } from "./byte-chunks.ts";
import { until } from "./polling.ts";

describe("until", () => {
  it("resolves once the condition holds", async () => {
    let calls = 0;
    await until(() => ++calls === 3);
    expect(calls).toBe(3);
  });

  it("fails after the timeout, naming what it waited for", async () => {
    await expect(until(() => false, "the moon", 20)).rejects.toThrow(
      "timed out after 20 ms waiting for the moon",
    );
  });
});

describe("byte chunks", () => {
  it("cut where asked, in order, ignoring duplicates and out-of-range offsets", () => {
    const bytes = utf8("abcdef");
    const text = (chunks: Iterable<Uint8Array>) =>
      [...chunks].map((chunk) => new TextDecoder().decode(chunk));
    expect(text(splitAt(bytes, [4, 2, 2, 0, 9]))).toEqual(["ab", "cd", "ef"]);
    expect(text(byteByByte(bytes))).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(concatBytes(utf8("ab"), utf8(""), utf8("é"))).toEqual(utf8("abé"));
  });
});
