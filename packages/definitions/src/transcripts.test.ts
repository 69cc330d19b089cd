import { serverPackets as recordedPackets, transcriptNames } from "@amikit/test-support";
import { describe, expect, it } from "vitest";
import { eventMetadata } from "./index.ts";
import type { EventMetadata } from "./types.ts";

interface Packet {
  readonly file: string;
  readonly headers: readonly string[];
  readonly event: string | undefined;
}

/** Server packets of every recorded transcript (the repository's Asterisk 22 fixtures), header names only. */
function serverPackets(): Packet[] {
  return transcriptNames().flatMap((name) =>
    recordedPackets(name).map((headers) => ({
      file: `${name}.jsonl`,
      event: headers.find(([header]) => header === "Event")?.[1],
      headers: headers.map(([header]) => header),
    })),
  );
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
