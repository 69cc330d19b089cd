/** Vitest helpers (a separate entry point, so that plain Node scripts can use the rest without vitest). */
import { describe, it } from "vitest";
import {
  type AsteriskDocs,
  asteriskDocsRequired,
  findAsteriskDocs,
  missingAsteriskDocsLine,
  missingAsteriskDocsReason,
  REQUIRE_ASTERISK_DOCS_VARIABLE,
} from "./fixtures.ts";

/**
 * A `describe` block that needs Asterisk's XML documentation. With the documentation found, `body`
 * declares the tests; without it the block holds one test, skipped with the line saying what was
 * skipped and how to enable it, or failing with that line when `AMIKIT_REQUIRE_ASTERISK_DOCS=1`.
 */
export function describeWithAsteriskDocs(title: string, body: (docs: AsteriskDocs) => void): void {
  const docs = findAsteriskDocs();
  if (docs !== undefined) {
    describe(title, () => body(docs));
    return;
  }
  describe(title, () => {
    if (asteriskDocsRequired()) {
      it(`finds Asterisk's XML documentation (${REQUIRE_ASTERISK_DOCS_VARIABLE}=1)`, () => {
        throw new Error(
          `amikit: "${title}" needs Asterisk's XML documentation (${REQUIRE_ASTERISK_DOCS_VARIABLE}=1): ${missingAsteriskDocsReason()}`,
        );
      });
    } else {
      it("needs Asterisk's XML documentation", (context) =>
        context.skip(missingAsteriskDocsLine(`"${title}"`)));
    }
  });
}

/**
 * A vitest `globalSetup` body: prints the one line saying which tests will be skipped for lack of the
 * XML documentation (nothing when it is there).
 */
export function noticeMissingAsteriskDocs(what: string): void {
  if (findAsteriskDocs() === undefined) console.warn(missingAsteriskDocsLine(what));
}
