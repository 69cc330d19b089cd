import { transportConformanceCases } from "@amikit/testing/conformance";
import { describe, test } from "vitest";
import { nodeTransport } from "./transport.ts";

describe("nodeTransport passes the transport conformance suite", () => {
  for (const conformanceCase of transportConformanceCases(() => nodeTransport())) {
    test(conformanceCase.name, () => conformanceCase.run(), conformanceCase.timeout);
  }
});
