import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DocumentationInput } from "./load.ts";
import { compareVersions } from "./model.ts";

/** The environment variable naming a directory laid out as `<version>/core-en_US.xml`. */
export const ASTERISK_DOCS_VARIABLE = "AMIKIT_ASTERISK_DOCS";

/** Set to `1`, it makes missing documentation a failure of `--check` instead of a skip. */
export const REQUIRE_ASTERISK_DOCS_VARIABLE = "AMIKIT_REQUIRE_ASTERISK_DOCS";

/** The environment `--workspace` mode reads. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Where `--workspace` mode reads Asterisk's XML documentation: `$AMIKIT_ASTERISK_DOCS`, else
 * `../shared/asterisk-docs` beside the repository root (the rule `@amikit/test-support` applies too).
 */
export function workspaceDocsDirectory(root: string, env: Environment): string {
  const configured = env[ASTERISK_DOCS_VARIABLE];
  return configured !== undefined && configured !== ""
    ? resolve(configured)
    : resolve(root, "..", "shared", "asterisk-docs");
}

/** One input per `<version>/core-en_US.xml` in `directory`, oldest first; empty when there is none. */
export function workspaceInputs(directory: string): DocumentationInput[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => existsSync(join(directory, name, "core-en_US.xml")))
    .sort(compareVersions)
    .map((version) => ({ version, xmlPath: join(directory, version, "core-en_US.xml") }));
}

/** Why nothing could be read, and how to fix it, in one line (no trailing newline). */
export function missingDocsReason(directory: string): string {
  return (
    `no Asterisk XML documentation (<version>/core-en_US.xml) in ${directory}; set ` +
    `${ASTERISK_DOCS_VARIABLE} to such a directory (see "Asterisk's XML documentation" in the README)`
  );
}
