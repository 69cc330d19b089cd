import { AmiDecoder, type AmiPacket } from "@amikit/codec";
import { TranscriptFormatError } from "./errors.ts";
import type { TranscriptEntry } from "./transcript.ts";

/** @internal One recorded server write, and how long after the previous entry it happened. */
export interface ScriptChunk {
  readonly text: string;
  readonly delay: number;
}

/**
 * @internal A transcript cut for replay: the client packets the recording expects, in order, and for each
 * count of client packets received, the server chunks to send next.
 */
export interface ReplayScript {
  /** The recorded client packets, decoded. */
  readonly expected: readonly AmiPacket[];
  /** `segments[k]`: the chunks the server sent after the client's k-th packet (segment 0: before any). */
  readonly segments: readonly (readonly ScriptChunk[])[];
  /** Whether the recording ends with the server closing. */
  readonly serverCloses: boolean;
}

/** @internal Builds the replay script of a transcript. */
export function buildReplayScript(entries: readonly TranscriptEntry[]): ReplayScript {
  const decoder = new AmiDecoder({ expectGreeting: false });
  const expected: AmiPacket[] = [];
  const segments: ScriptChunk[][] = [[]];
  let previousTime: number | undefined;
  let serverCloses = false;
  for (const entry of entries) {
    const delay =
      entry.t !== undefined && previousTime !== undefined ? Math.max(0, entry.t - previousTime) : 0;
    if (entry.t !== undefined) previousTime = entry.t;
    if (entry.dir === "c2s") {
      let packets: AmiPacket[];
      try {
        packets = decoder.push(new TextEncoder().encode(entry.text ?? ""));
      } catch (error) {
        throw new TranscriptFormatError("The transcript's client bytes cannot be decoded", { cause: error });
      }
      for (const packet of packets) {
        expected.push(packet);
        segments.push([]);
      }
    } else if (entry.dir === "s2c") {
      (segments[segments.length - 1] as ScriptChunk[]).push({ text: entry.text ?? "", delay });
    } else if (entry.by === "server") {
      serverCloses = true;
    }
  }
  return { expected, segments, serverCloses };
}

/**
 * @internal Replaces whole `ActionID: <recorded>` lines by the client's ActionIDs across a run of chunks,
 * keeping the chunk boundaries where they were (a boundary inside a replaced value moves with it).
 */
export function rewriteActionIds(
  chunks: readonly string[],
  ids: ReadonlyMap<string, string | null>,
): string[] {
  if (ids.size === 0 || chunks.length === 0) return [...chunks];
  const joined = chunks.join("");
  const bounds: number[] = [];
  let position = 0;
  for (const chunk of chunks.slice(0, -1)) {
    position += chunk.length;
    bounds.push(position);
  }
  const edits: { start: number; end: number; text: string }[] = [];
  const pattern = /(?<=^|\n)ActionID: ([^\r\n]*)\r?\n/g;
  for (let match = pattern.exec(joined); match !== null; match = pattern.exec(joined)) {
    const recorded = match[1] as string;
    if (!ids.has(recorded)) continue;
    const replacement = ids.get(recorded);
    const lineEnd = match[0].endsWith("\r\n") ? "\r\n" : "\n";
    edits.push({
      start: match.index,
      end: match.index + match[0].length,
      text: replacement === null || replacement === undefined ? "" : `ActionID: ${replacement}${lineEnd}`,
    });
  }
  if (edits.length === 0) return [...chunks];
  let output = "";
  let cursor = 0;
  const mapped: number[] = [];
  let boundIndex = 0;
  const mapBoundsBefore = (limit: number, shift: number) => {
    while (boundIndex < bounds.length && (bounds[boundIndex] as number) <= limit) {
      mapped.push((bounds[boundIndex] as number) + shift);
      boundIndex++;
    }
  };
  let shift = 0;
  for (const edit of edits) {
    mapBoundsBefore(edit.start, shift);
    output += joined.slice(cursor, edit.start);
    while (boundIndex < bounds.length && (bounds[boundIndex] as number) < edit.end) {
      const inside = (bounds[boundIndex] as number) - edit.start;
      mapped.push(edit.start + shift + Math.min(inside, edit.text.length));
      boundIndex++;
    }
    output += edit.text;
    shift += edit.text.length - (edit.end - edit.start);
    cursor = edit.end;
  }
  mapBoundsBefore(Number.POSITIVE_INFINITY, shift);
  output += joined.slice(cursor);
  const result: string[] = [];
  let start = 0;
  for (const bound of mapped) {
    result.push(output.slice(start, bound));
    start = bound;
  }
  result.push(output.slice(start));
  return result;
}
