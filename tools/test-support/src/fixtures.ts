/**
 * Where the test fixtures are: the recorded Asterisk 22 transcripts (in this package, `fixtures/`) and
 * Asterisk's XML documentation (outside the repository: `$AMIKIT_ASTERISK_DOCS`, else
 * `../shared/asterisk-docs` beside the checkout). The one place that knows these paths.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is `tools/test-support/{src,dist}/fixtures.*`). */
export const repositoryRoot: string = fileURLToPath(new URL("../../../", import.meta.url));

/** The transcripts' own directory (with their README and the Asterisk configuration they were recorded with). */
export const transcriptsRoot: string = fileURLToPath(new URL("../fixtures/transcripts/", import.meta.url));

/** The directory of the Asterisk 22 transcripts (`<name>.jsonl`). */
export const transcriptDirectory: string = join(transcriptsRoot, "asterisk-22");

/** The path of one Asterisk 22 transcript, e.g. `transcriptPath("call-burst")`. */
export function transcriptPath(name: string): string {
  return join(transcriptDirectory, `${name}.jsonl`);
}

/** Names (without `.jsonl`) of every Asterisk 22 transcript on disk, sorted. */
export function transcriptNames(): string[] {
  return readdirSync(transcriptDirectory)
    .filter((file) => file.endsWith(".jsonl"))
    .map((file) => file.slice(0, -".jsonl".length))
    .sort();
}

/** The environment variable naming a directory laid out as `<version>/core-en_US.xml`. */
export const ASTERISK_DOCS_VARIABLE = "AMIKIT_ASTERISK_DOCS";

/** The environment variable that, set to `1`, turns a skip for missing XML documentation into a failure. */
export const REQUIRE_ASTERISK_DOCS_VARIABLE = "AMIKIT_REQUIRE_ASTERISK_DOCS";

/** The environment this module reads (`process.env` unless a test passes its own). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Asterisk's XML documentation, found. */
export interface AsteriskDocs {
  /** The directory holding one `<version>/core-en_US.xml` (and `appdocsxml.xslt`) per release. */
  readonly directory: string;
  /** The releases that have a `core-en_US.xml`, oldest first (e.g. `["18.26.4", …, "23.4.1"]`). */
  readonly releases: readonly string[];
}

/** Where the XML documentation is looked for: `$AMIKIT_ASTERISK_DOCS`, else `<repo>/../shared/asterisk-docs`. */
export function asteriskDocsDirectory(env: Environment = process.env): string {
  const configured = env[ASTERISK_DOCS_VARIABLE];
  return configured !== undefined && configured !== ""
    ? resolve(configured)
    : resolve(repositoryRoot, "..", "shared", "asterisk-docs");
}

function compareVersions(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.localeCompare(b);
}

/** The XML documentation, or `undefined` when its directory holds no `<version>/core-en_US.xml`. */
export function findAsteriskDocs(env: Environment = process.env): AsteriskDocs | undefined {
  const directory = asteriskDocsDirectory(env);
  if (!existsSync(directory)) return undefined;
  const releases = readdirSync(directory)
    .filter((name) => existsSync(join(directory, name, "core-en_US.xml")))
    .sort(compareVersions);
  return releases.length === 0 ? undefined : { directory, releases };
}

/** Whether `AMIKIT_REQUIRE_ASTERISK_DOCS=1`: missing XML documentation is then a failure, not a skip. */
export function asteriskDocsRequired(env: Environment = process.env): boolean {
  return env[REQUIRE_ASTERISK_DOCS_VARIABLE] === "1";
}

/** Why the XML documentation was not found and how to provide it (one line, the same wording as the codegen's). */
export function missingAsteriskDocsReason(env: Environment = process.env): string {
  return (
    `no Asterisk XML documentation (<version>/core-en_US.xml) in ${asteriskDocsDirectory(env)}; set ` +
    `${ASTERISK_DOCS_VARIABLE} to such a directory (see "Asterisk's XML documentation" in the README)`
  );
}

/** The one line that says `what` was skipped for lack of the XML documentation, and how to provide it. */
export function missingAsteriskDocsLine(what: string, env: Environment = process.env): string {
  return `amikit: skipped ${what}: ${missingAsteriskDocsReason(env)}`;
}
