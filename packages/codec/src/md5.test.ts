import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { md5Hex } from "./md5.ts";

describe("md5Hex", () => {
  it("matches the RFC 1321 test suite", () => {
    const vectors: [string, string][] = [
      ["", "d41d8cd98f00b204e9800998ecf8427e"],
      ["a", "0cc175b9c0f1b6a831c399e269772661"],
      ["abc", "900150983cd24fb0d6963f7d28e17f72"],
      ["message digest", "f96b697d7cb7938d525a2f31aaf161d0"],
      ["abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"],
      ["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"],
      [
        "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
        "57edf4a22be3c955ac49da2e2107b67a",
      ],
    ];
    for (const [input, digest] of vectors) expect(md5Hex(input)).toBe(digest);
  });

  it("reproduces the Key of the recorded MD5 login (challenge 194255889, secret amipass)", () => {
    expect(md5Hex("194255889amipass")).toBe("d27609e3b9875896b849e4dba6c1bed8");
  });

  it("hashes strings as UTF-8", () => {
    expect(md5Hex("мир📞")).toBe(createHash("md5").update("мир📞", "utf8").digest("hex"));
  });

  it("agrees with node:crypto on strings of every length around the 64-byte block boundaries", () => {
    for (let length = 0; length < 200; length++) {
      const text = "ж".repeat(length % 7) + "x".repeat(length);
      expect(md5Hex(text)).toBe(createHash("md5").update(text, "utf8").digest("hex"));
    }
  });

  it("agrees with node:crypto on any byte string, across padding boundaries", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(md5Hex(bytes)).toBe(createHash("md5").update(bytes).digest("hex"));
      }),
      { numRuns: 300 },
    );
    for (let length = 50; length < 140; length++) {
      const bytes = new Uint8Array(length).fill(length);
      expect(md5Hex(bytes)).toBe(createHash("md5").update(bytes).digest("hex"));
    }
  });
});
