import { transportConformanceCases } from "@amikit/testing/conformance";
import { describe, test } from "vitest";
import { nodeTransport } from "./transport.ts";

const cases = transportConformanceCases(() => nodeTransport());
// Cases this machine cannot run (the IPv6 ones without a ::1 loopback) are reported skipped, with why.
const skipReasons = await Promise.all(cases.map((conformanceCase) => conformanceCase.skipReason()));

describe("nodeTransport passes the transport conformance suite", () => {
  cases.forEach((conformanceCase, index) => {
    const skip = skipReasons[index];
    if (skip === undefined) test(conformanceCase.name, () => conformanceCase.run(), conformanceCase.timeout);
    else test.skip(`${conformanceCase.name} (skipped: ${skip})`, () => {});
  });
});
