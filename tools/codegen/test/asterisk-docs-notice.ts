// Vitest globalSetup: one line up front when the tests that read Asterisk's real XML will be skipped.
import { noticeMissingAsteriskDocs } from "@amikit/test-support/vitest";

/** Prints the notice (nothing when the XML documentation is there). */
export default function setup(): void {
  noticeMissingAsteriskDocs("the @amikit/codegen tests that read Asterisk's real XML");
}
