import { clientEndToEndCases } from "@amikit/testing/conformance";
import { describe, test } from "vitest";
import { connect } from "./connect.ts";

describe("connect() over nodeTransport, against the fake Asterisk", () => {
  for (const endToEndCase of clientEndToEndCases(connect)) {
    test(endToEndCase.name, () => endToEndCase.run(), endToEndCase.timeout);
  }
});
