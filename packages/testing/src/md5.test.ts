import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { md5Hex } from "./md5.ts";

describe("md5Hex", () => {
  it("matches the RFC 1321 test suite", () => {
    expect(md5Hex("")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(md5Hex("a")).toBe("0cc175b9c0f1b6a831c399e269772661");
    expect(md5Hex("abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(md5Hex("message digest")).toBe("f96b697d7cb7938d525a2f31aaf161d0");
    expect(md5Hex("abcdefghijklmnopqrstuvwxyz")).toBe("c3fcd3d76192e4007dfb496cca67e13b");
    expect(md5Hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890")).toBe(
      "57edf4a22be3c955ac49da2e2107b67a",
    );
  });

  it("agrees with node:crypto at every length around the 64-byte block boundaries, UTF-8 included", () => {
    for (let length = 0; length < 200; length++) {
      const text = "ж".repeat(length % 7) + "x".repeat(length);
      expect(md5Hex(text)).toBe(createHash("md5").update(text, "utf8").digest("hex"));
    }
  });

  it("reproduces the Key recorded in login-md5.jsonl (challenge 194255889, secret amipass)", () => {
    expect(md5Hex("194255889amipass")).toBe("d27609e3b9875896b849e4dba6c1bed8");
  });
});
