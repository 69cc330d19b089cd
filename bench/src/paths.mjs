import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (bench/src/ → ../..). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Path of one recorded Asterisk 22 transcript (the repository's fixtures), e.g. `transcriptPath("call-burst")`. */
export { transcriptPath } from "@amikit/test-support";
