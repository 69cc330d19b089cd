import { describe, expect, it } from "vitest";
import { conformanceMismatches, type EventShape, transcriptPackets, versionModel } from "./support.ts";

describe("real Asterisk 22.10.1 traffic against the exact 22.10.1 model", () => {
  const model = versionModel("22.10.1");
  const shapeOf = (event: string): EventShape | undefined => {
    const found = model.events.get(event);
    if (found === undefined) return undefined;
    return {
      headers: new Set(found.headers.map((h) => h.name)),
      present: new Set(found.headers.filter((h) => h.presence === "present").map((h) => h.name)),
      open: found.open,
    };
  };
  const packets = transcriptPackets();

  it("every documented event has only known headers and every header typed present", () => {
    const { mismatches, checked } = conformanceMismatches(packets, shapeOf);
    expect(checked).toBeGreaterThan(5000);
    expect(mismatches).toEqual([]);
  });

  it("every event name in the transcripts is known to the model", () => {
    const names = new Set(packets.flatMap((p) => p.headers.filter(([h]) => h === "Event").map(([, v]) => v)));
    expect([...names].filter((name) => !model.events.has(name))).toEqual([]);
  });

  it("would report a header the type does not know and a present header that is missing", () => {
    const newchannel = packets.find((p) => p.headers.some(([h, v]) => h === "Event" && v === "Newchannel"));
    expect(newchannel).toBeDefined();
    const tampered = {
      file: "tampered",
      headers: [...(newchannel?.headers ?? []).filter(([h]) => h !== "Uniqueid"), ["Bogus", "1"] as const],
    };
    expect(conformanceMismatches([tampered], shapeOf).mismatches).toEqual([
      "Newchannel: header Bogus is not in the type (tampered)",
      "Newchannel: header Uniqueid is typed present but missing (tampered)",
    ]);
  });
});
