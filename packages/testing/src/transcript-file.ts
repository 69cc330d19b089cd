// Reading a transcript from disk needs node:fs; it lives here, loaded lazily, so the rest stays neutral.
import { readFile } from "node:fs/promises";
import { TranscriptFormatError } from "./errors.ts";
import { parseTranscript, type TranscriptEntry } from "./transcript.ts";

/** @internal Reads and parses a transcript file (Node.js, Bun and Deno all provide `node:fs/promises`). */
export async function readTranscriptFile(path: string): Promise<TranscriptEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new TranscriptFormatError(`Cannot read transcript ${path}`, { cause: error });
  }
  return parseTranscript(text);
}
