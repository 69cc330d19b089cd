import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { overrides } from "../overrides.ts";
import { buildVersionModel } from "../src/build-model.ts";
import { loadDocument } from "../src/load.ts";
import type { VersionModel } from "../src/model.ts";

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root (tools/codegen/test → ../../..). */
export const repoRoot = resolve(here, "../../..");

/** `../shared` beside the repository, or `$AMIKIT_SHARED_DIR`. */
export const sharedDir = process.env.AMIKIT_SHARED_DIR ?? resolve(repoRoot, "../shared");

/** Directory of one release's documentation files. */
export function releaseDir(version: string): string {
  return join(sharedDir, "asterisk-docs", version);
}

/** Every release under shared/asterisk-docs. */
export const releases: readonly string[] = readdirSync(join(sharedDir, "asterisk-docs"))
  .filter((name) => existsSync(join(releaseDir(name), "core-en_US.xml")))
  .sort((a, b) => Number(a.split(".")[0]) - Number(b.split(".")[0]));

/** The raw text of a release's core-en_US.xml. */
export function xmlText(version: string): string {
  return readFileSync(join(releaseDir(version), "core-en_US.xml"), "utf8");
}

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

/** Every packet the server sent in every transcript of shared/transcripts/asterisk-22. */
export function transcriptPackets(): TranscriptPacket[] {
  const dir = join(sharedDir, "transcripts", "asterisk-22");
  const packets: TranscriptPacket[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()) {
    let stream = "";
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const record = JSON.parse(line) as { dir: string; text?: string };
      if (record.dir === "s2c") stream += record.text ?? "";
    }
    stream = stream.replace(/^Asterisk Call Manager\/[^\r\n]*\r\n/, "");
    for (const block of stream.split("\r\n\r\n")) {
      const headers = block
        .split("\r\n")
        .filter((l) => l.includes(":"))
        .map((l): [string, string] => {
          const colon = l.indexOf(":");
          return [l.slice(0, colon), l.slice(colon + 1).trim()];
        });
      if (headers.length > 0) packets.push({ file, headers });
    }
  }
  return packets;
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
