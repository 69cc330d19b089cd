/** Reading the recorded Asterisk 22 transcripts (JSONL: one socket read or write per line). */
import { readFileSync } from "node:fs";
import { transcriptPath } from "./fixtures.ts";

/** One recorded socket event: bytes one way, or the close. */
export interface TranscriptEntry {
  /** `s2c` bytes the server sent (one socket read), `c2s` bytes the client sent, `close` the end. */
  readonly dir: "s2c" | "c2s" | "close";
  /** Milliseconds since the TCP connect. */
  readonly t: number;
  /** The exact bytes, as UTF-8 text with CRLF kept (absent on `close`). */
  readonly text?: string;
  /** On `close`: which side closed. */
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

/** Thrown when a transcript line is not a JSON entry. */
export class TranscriptFixtureError extends Error {
  override readonly name = "TranscriptFixtureError";
}

/** The entries of one transcript, by name (e.g. `"login-plain"`), in recorded order. */
export function transcriptEntries(name: string): TranscriptEntry[] {
  const path = transcriptPath(name);
  const lines = readFileSync(path, "utf8").split("\n");
  const entries: TranscriptEntry[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    try {
      entries.push(JSON.parse(line) as TranscriptEntry);
    } catch (cause) {
      throw new TranscriptFixtureError(`${path}:${index + 1} is not JSON`, { cause });
    }
  }
  return entries;
}

const encoder = new TextEncoder();
const cache = new Map<string, Transcript>();

function textOf(entries: readonly TranscriptEntry[], dir: "s2c" | "c2s"): string[] {
  return entries.filter((entry) => entry.dir === dir).map((entry) => entry.text ?? "");
}

/** Reads one transcript by name, split by direction (cached). */
export function readTranscript(name: string): Transcript {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const entries = transcriptEntries(name);
  const serverTexts = textOf(entries, "s2c");
  const serverText = serverTexts.join("");
  const clientText = textOf(entries, "c2s").join("");
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
