import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { eventMetadata } from "./index.ts";
import type { EventMetadata } from "./types.ts";

const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
const transcripts = join(
  process.env.AMIKIT_SHARED_DIR ?? resolve(repoRoot, "../shared"),
  "transcripts",
  "asterisk-22",
);

interface Packet {
  readonly file: string;
  readonly headers: readonly string[];
  readonly event: string | undefined;
}

/** Server packets of every transcript: the s2c stream split on blank lines (events never contain one). */
function serverPackets(): Packet[] {
  const packets: Packet[] = [];
  for (const file of readdirSync(transcripts)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()) {
    const stream = readFileSync(join(transcripts, file), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as { dir: string; text?: string })
      .filter((record) => record.dir === "s2c")
      .map((record) => record.text ?? "")
      .join("")
      .replace(/^Asterisk Call Manager\/[^\r\n]*\r\n/, "");
    for (const block of stream.split("\r\n\r\n")) {
      const lines = block.split("\r\n").filter((l) => l.includes(":"));
      const event = lines
        .find((l) => l.startsWith("Event:"))
        ?.slice(6)
        .trim();
      packets.push({ file, event, headers: lines.map((l) => l.slice(0, l.indexOf(":"))) });
    }
  }
  return packets;
}

/** Both directions: no header the type lacks, and every header the type marks present. */
function mismatches(packets: readonly Packet[], table: Readonly<Record<string, EventMetadata>>): string[] {
  const found = new Set<string>();
  for (const packet of packets) {
    const meta = packet.event === undefined ? undefined : table[packet.event];
    if (meta === undefined) continue;
    for (const header of packet.headers) {
      if (!meta.headers.includes(header) && !meta.freeFormHeaders) {
        found.add(`${meta.name}: ${header} is not in the type (${packet.file})`);
      }
    }
    for (const header of meta.requiredHeaders) {
      if (!packet.headers.includes(header))
        found.add(`${meta.name}: ${header} is typed present but missing (${packet.file})`);
    }
  }
  return [...found].sort();
}

describe("the default (union) types against real Asterisk 22.10.1 traffic", () => {
  const packets = serverPackets();
  const events = packets.filter((p) => p.event !== undefined);

  it("knows every event the transcripts carry", () => {
    expect(events.length).toBeGreaterThan(5000);
    expect(
      [...new Set(events.map((p) => p.event))].filter((name) => eventMetadata[name ?? ""] === undefined),
    ).toEqual([]);
  });

  it("lists no mismatch between any event packet and its type", () => {
    expect(mismatches(packets, eventMetadata)).toEqual([]);
  });

  it("would list a mismatch", () => {
    const hangup = events.find((p) => p.event === "Hangup");
    expect(hangup).toBeDefined();
    const broken: Packet = {
      file: "edited",
      event: "Hangup",
      headers: [...(hangup?.headers ?? []).filter((h) => h !== "Cause"), "Surprise"],
    };
    expect(mismatches([broken], eventMetadata)).toEqual([
      "Hangup: Cause is typed present but missing (edited)",
      "Hangup: Surprise is not in the type (edited)",
    ]);
  });
});
