import { from, lastValueFrom, toArray } from "rxjs";
import { describe, expect, it } from "vitest";
import { ofEvent } from "./operators.ts";
import type { AmiEvent } from "./types.ts";

describe("ofEvent", () => {
  it("keeps only the named events, ignoring case, in order", async () => {
    const events: AmiEvent[] = [
      { Event: "Newchannel", N: "1" },
      { Event: "Hangup", N: "2" },
      { Event: "NewCallerid", N: "3" },
      { Event: "hangup", N: "4" },
      { Response: "Success", N: "5" },
      { Event: ["Hangup", "Twice"], N: "6" },
    ];
    const kept = await lastValueFrom(from(events).pipe(ofEvent("Hangup", "Newcallerid"), toArray()));
    expect(kept.map((e) => (e as AmiEvent).N)).toEqual(["2", "3", "4"]);
  });
});
