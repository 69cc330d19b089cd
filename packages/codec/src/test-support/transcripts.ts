/**
 * Test-only access to the recorded Asterisk 22 transcripts in `../shared/transcripts/asterisk-22`
 * (next to the repository; `AMIKIT_SHARED_DIR` overrides where `shared` is). Not part of the build.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** One recorded socket event: bytes one way, or the close. */
export interface TranscriptEntry {
  readonly dir: "s2c" | "c2s" | "close";
  readonly t: number;
  readonly text?: string;
  readonly by?: "server" | "client";
}

/** A transcript, split by direction. */
export interface Transcript {
  readonly name: string;
  readonly entries: readonly TranscriptEntry[];
  /** Each server-to-client socket read, as UTF-8 bytes. */
  readonly serverChunks: readonly Uint8Array[];
  /** Every server-to-client byte, in order. */
  readonly serverBytes: Uint8Array;
  readonly serverText: string;
  /** Every client-to-server byte, in order. */
  readonly clientBytes: Uint8Array;
  readonly clientText: string;
}

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** The `shared` directory: `AMIKIT_SHARED_DIR`, else `<repo root>/../shared`. */
export const sharedDirectory: string = process.env.AMIKIT_SHARED_DIR ?? resolve(repositoryRoot, "../shared");

/** The directory of the Asterisk 22 transcripts. */
export const transcriptDirectory: string = join(sharedDirectory, "transcripts", "asterisk-22");

/** Names (without `.jsonl`) of every Asterisk 22 transcript, sorted. */
export function transcriptNames(): string[] {
  return readdirSync(transcriptDirectory)
    .filter((file) => file.endsWith(".jsonl"))
    .map((file) => file.slice(0, -".jsonl".length))
    .sort();
}

const encoder = new TextEncoder();
const cache = new Map<string, Transcript>();

/** Reads one transcript by name (cached). */
export function readTranscript(name: string): Transcript {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const entries = readFileSync(join(transcriptDirectory, `${name}.jsonl`), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as TranscriptEntry);
  const serverTexts = entries.filter((entry) => entry.dir === "s2c").map((entry) => entry.text ?? "");
  const clientText = entries
    .filter((entry) => entry.dir === "c2s")
    .map((entry) => entry.text ?? "")
    .join("");
  const serverText = serverTexts.join("");
  const transcript: Transcript = {
    name,
    entries,
    serverChunks: serverTexts.map((text) => encoder.encode(text)),
    serverBytes: encoder.encode(serverText),
    serverText,
    clientBytes: encoder.encode(clientText),
    clientText,
  };
  cache.set(name, transcript);
  return transcript;
}
