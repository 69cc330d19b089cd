/** Vitest helpers (a separate entry point, so that plain Node scripts can use the rest without vitest). */
import { describe, expect, it } from "vitest";
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

/** What {@link describeReExports} checks: a runtime package against the packages it re-exports. */
export interface ReExportCheck {
  /** The runtime package's name, for the test titles (`@amikit/node`). */
  readonly packageName: string;
  /** The runtime package's module namespace (`import * as runtime from "./index.ts"`). */
  readonly runtime: Record<string, unknown>;
  /**
   * The re-exported packages by name, each with its module namespace and a few value names it must
   * export (so that an empty namespace cannot pass).
   */
  readonly sources: Readonly<
    Record<string, { readonly module: Record<string, unknown>; readonly sample: readonly string[] }>
  >;
  /** The values the runtime package adds of its own (`connect`, its transport factory). */
  readonly own: readonly string[];
}

/**
 * Tests that a runtime package re-exports every runtime value of each source package as the same
 * object, and adds only its own values — so a user who installs one runtime package has the whole API.
 */
export function describeReExports(check: ReExportCheck): void {
  const runtimeValues = new Map<string, unknown>(Object.entries(check.runtime));
  describe(`${check.packageName} re-exports`, () => {
    for (const [sourceName, source] of Object.entries(check.sources)) {
      it(`every runtime value of ${sourceName}, as the same objects`, () => {
        const values = Object.entries(source.module);
        expect(values.map(([name]) => name)).toEqual(expect.arrayContaining([...source.sample]));
        expect(values.filter(([name]) => !runtimeValues.has(name)).map(([name]) => name)).toEqual([]);
        for (const [name, value] of values) expect(runtimeValues.get(name), name).toBe(value);
      });
    }
    it(`and adds only ${check.own.join(" and ")}`, () => {
      const reExported = new Set(
        Object.values(check.sources).flatMap((source) => Object.keys(source.module)),
      );
      expect([...runtimeValues.keys()].filter((name) => !reExported.has(name)).sort()).toEqual(
        [...check.own].sort(),
      );
    });
  });
}
