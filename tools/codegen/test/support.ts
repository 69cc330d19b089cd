import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findAsteriskDocs, serverPackets, transcriptNames } from "@amikit/test-support";
import { type Overrides, overrides } from "../overrides.ts";
import { buildVersionModel } from "../src/build-model.ts";
import type { DocumentationInput } from "../src/load.ts";
import { loadDocument } from "../src/load.ts";
import type { VersionModel } from "../src/model.ts";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Asterisk's real XML documentation (`$AMIKIT_ASTERISK_DOCS`, else `../shared/asterisk-docs`), or
 * `undefined`: tests that read it are declared with `describeWithAsteriskDocs`.
 */
export const asteriskDocs = findAsteriskDocs();

/** Every release of the real documentation, oldest first (none when it is missing). */
export const releases: readonly string[] = asteriskDocs?.releases ?? [];

/** Directory of one release's real documentation files. */
export function releaseDir(version: string): string {
  if (asteriskDocs === undefined) throw new Error("Asterisk's XML documentation was not found");
  return join(asteriskDocs.directory, version);
}

/** The raw text of a release's core-en_US.xml. */
export function xmlText(version: string): string {
  return readFileSync(join(releaseDir(version), "core-en_US.xml"), "utf8");
}

/** The fixture's releases. */
export const fixtureReleases: readonly string[] = ["1.0.0", "2.0.0"];

/**
 * The small documentation written for these tests (see fixtures/documentation/README.md), laid out in a
 * temporary directory the way an Asterisk installation lays out its own (`<version>/core-en_US.xml`
 * beside `appdocsxml.xslt`), which is what the codegen reads. The committed files have other names, so
 * that nobody takes them for Asterisk's text; the directory is removed when the test process exits.
 */
export const fixtureDocsDir: string = layOutFixtureDocs();

function layOutFixtureDocs(): string {
  const committed = join(here, "fixtures", "documentation");
  const directory = mkdtempSync(join(tmpdir(), "amikit-codegen-fixture-docs-"));
  process.once("exit", () => rmSync(directory, { recursive: true, force: true }));
  for (const version of fixtureReleases) {
    mkdirSync(join(directory, version));
    copyFileSync(join(committed, version, "fixture-docs.xml"), join(directory, version, "core-en_US.xml"));
    copyFileSync(
      join(committed, version, "fixture-templates.xslt"),
      join(directory, version, "appdocsxml.xslt"),
    );
  }
  return directory;
}

/** The input of one fixture release. */
export function fixtureInput(version: string): DocumentationInput {
  return { version, xmlPath: join(fixtureDocsDir, version, "core-en_US.xml") };
}

/** No corrections at all (the shipped overrides name Asterisk's actions and events, absent from the fixture). */
export const noOverrides: Overrides = {
  renamedEvents: [],
  renamedHeaders: [],
  listActions: [],
  undocumentedEvents: [],
  presence: [],
  optionalSnapshots: [],
  extraHeaders: [],
  multiValueParams: [],
  openActions: [],
  openEvents: [],
  openEnumParams: [],
  responseHeaders: [],
};

const models = new Map<string, VersionModel>();

/** The model of a release after overrides (cached per test file). */
export function versionModel(version: string): VersionModel {
  let model = models.get(version);
  if (model === undefined) {
    const { raw, templates } = loadDocument({
      version,
      xmlPath: join(releaseDir(version), "core-en_US.xml"),
    });
    model = buildVersionModel(version, raw, templates, overrides);
    models.set(version, model);
  }
  return model;
}

/** One server-to-client packet of a transcript: ordered header lines. */
export interface TranscriptPacket {
  readonly file: string;
  readonly headers: readonly (readonly [string, string])[];
}

/** Every packet the server sent in every recorded transcript (the repository's Asterisk 22 fixtures). */
export function transcriptPackets(): TranscriptPacket[] {
  return transcriptNames().flatMap((name) =>
    serverPackets(name).map((headers) => ({ file: `${name}.jsonl`, headers })),
  );
}

/** The header model of an event, for conformance checks. */
export interface EventShape {
  readonly headers: ReadonlySet<string>;
  readonly present: ReadonlySet<string>;
  readonly open: boolean;
}

/**
 * Checks every transcript event the shape table knows, both ways: no header the type lacks, and every
 * header the type marks present. Returns one line per distinct mismatch.
 */
export function conformanceMismatches(
  packets: readonly TranscriptPacket[],
  shapeOf: (event: string) => EventShape | undefined,
): { mismatches: string[]; checked: number } {
  const mismatches = new Set<string>();
  let checked = 0;
  for (const packet of packets) {
    const event = packet.headers.find(([name]) => name === "Event")?.[1];
    if (event === undefined) continue;
    const shape = shapeOf(event);
    if (shape === undefined) continue;
    checked++;
    const names = new Set(packet.headers.map(([name]) => name));
    for (const name of names) {
      if (!shape.headers.has(name) && !shape.open)
        mismatches.add(`${event}: header ${name} is not in the type (${packet.file})`);
    }
    for (const name of shape.present) {
      if (!names.has(name))
        mismatches.add(`${event}: header ${name} is typed present but missing (${packet.file})`);
    }
  }
  return { mismatches: [...mismatches].sort(), checked };
}
