import { TranscriptFormatError } from "./errors.ts";

/**
 * One line of a recorded AMI conversation (the JSONL format of the shared Asterisk transcripts):
 * `s2c` bytes the server sent (one socket read), `c2s` bytes the client sent, `close` the end.
 */
export interface TranscriptEntry {
  /** Direction: server to client, client to server, or the connection's end. */
  readonly dir: "s2c" | "c2s" | "close";
  /** Milliseconds since the TCP connect, when recorded. */
  readonly t?: number;
  /** The exact bytes, as UTF-8 text with CRLF kept (absent on `close`). */
  readonly text?: string;
  /** On `close`: which side closed. */
  readonly by?: "server" | "client";
}

/** Parses transcript JSONL text; throws {@link TranscriptFormatError} naming the first bad line. */
export function parseTranscript(jsonl: string): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  const lines = jsonl.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    if (line.length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new TranscriptFormatError(`Transcript line ${index + 1} is not JSON`, { cause: error });
    }
    entries.push(checkEntry(value, index + 1));
  }
  return entries;
}

function checkEntry(value: unknown, line: number): TranscriptEntry {
  if (typeof value !== "object" || value === null) {
    throw new TranscriptFormatError(`Transcript line ${line} is not an object`);
  }
  const entry = value as Record<string, unknown>;
  const dir = entry.dir;
  if (dir !== "s2c" && dir !== "c2s" && dir !== "close") {
    throw new TranscriptFormatError(`Transcript line ${line}: "dir" must be "s2c", "c2s" or "close"`);
  }
  if (dir !== "close" && typeof entry.text !== "string") {
    throw new TranscriptFormatError(`Transcript line ${line}: a ${dir} entry needs a "text" string`);
  }
  if (entry.t !== undefined && typeof entry.t !== "number") {
    throw new TranscriptFormatError(`Transcript line ${line}: "t" must be a number`);
  }
  if (entry.by !== undefined && entry.by !== "server" && entry.by !== "client") {
    throw new TranscriptFormatError(`Transcript line ${line}: "by" must be "server" or "client"`);
  }
  return entry as unknown as TranscriptEntry;
}

/**
 * Reads and parses a transcript file. Uses `node:fs/promises`, loaded only when called (Node.js, Bun and
 * Deno provide it); throws {@link TranscriptFormatError} when the file cannot be read or parsed.
 */
export async function loadTranscript(path: string): Promise<TranscriptEntry[]> {
  const { readTranscriptFile } = await import("./transcript-file.ts");
  return readTranscriptFile(path);
}
