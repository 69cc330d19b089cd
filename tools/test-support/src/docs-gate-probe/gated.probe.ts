// Run only by vitest.test.ts, in a child vitest: one block that needs Asterisk's XML documentation.
import { expect, it } from "vitest";
import { describeWithAsteriskDocs } from "../vitest.ts";

describeWithAsteriskDocs("the probe's XML tests", (docs) => {
  it("sees the documentation", () => {
    expect(docs.releases.length).toBeGreaterThan(0);
  });
});
