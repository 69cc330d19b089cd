import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (bench/src/ → ../..). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The read-only `shared/` directory beside the checkout (`<repo root>/../shared`), overridable with the
 * `AMIKIT_SHARED_DIR` environment variable.
 */
export function sharedDir() {
  return process.env.AMIKIT_SHARED_DIR ?? path.resolve(repoRoot, "../shared");
}

/** Path of one Asterisk 22 transcript, e.g. `transcriptPath("call-burst")`. */
export function transcriptPath(name) {
  return path.join(sharedDir(), "transcripts", "asterisk-22", `${name}.jsonl`);
}
