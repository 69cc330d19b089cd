import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { transportConformanceCases } from "./conformance/index.ts";
import { plainTcpTransport } from "./test-support/plain-tcp-transport.ts";

const example = readFileSync(new URL("./test-support/plain-tcp-transport.ts", import.meta.url), "utf8");
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

// The TLS cases need a TLS-capable transport; the example refuses TLS ("unsupported").
const cases = transportConformanceCases(plainTcpTransport).filter(({ name }) => !name.includes("TLS"));
const skipReasons = await Promise.all(cases.map((c) => c.skipReason()));

describe("the README's example transport", () => {
  test("is the file this test runs, verbatim", () => {
    expect(readme).toContain(example.trim());
  });

  test("runs the conformance cases without TLS", () => {
    expect(cases.length).toBeGreaterThan(10);
  });
  cases.forEach((c, index) => {
    const skip = skipReasons[index];
    if (skip === undefined) test(`passes: ${c.name}`, () => c.run(), c.timeout);
    else test.skip(`${c.name} (skipped: ${skip})`, () => {});
  });
});
