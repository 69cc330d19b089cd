// Test-only: where the shared recordings live (<repo>/../shared, or $AMIKIT_SHARED_DIR).
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** The directory of the Asterisk 22 transcripts. */
export function transcriptDir(): string {
  const shared = process.env.AMIKIT_SHARED_DIR ?? resolve(here, "../../../../../shared");
  return join(shared, "transcripts", "asterisk-22");
}

/** The path of one transcript. */
export function transcriptPath(name: string): string {
  return join(transcriptDir(), `${name}.jsonl`);
}

/** Every transcript name present on disk. */
export function transcriptNames(): string[] {
  return readdirSync(transcriptDir())
    .filter((file) => file.endsWith(".jsonl"))
    .map((file) => file.slice(0, -".jsonl".length))
    .sort();
}
