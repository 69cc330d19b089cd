import { describe, expect, it } from "vitest";
import { transcriptPath } from "../paths.mjs";
import { repeatToSize } from "./corpus.mjs";
import { referenceFields } from "./fields.mjs";
import { cutPackets, readServerStream, transcriptEvents } from "./transcript.mjs";

describe("corpus from call-burst.jsonl", () => {
  it("cuts the server stream into packets whose bytes are exactly the stream after the greeting", () => {
    const stream = readServerStream(transcriptPath("call-burst"));
    const packets = cutPackets(stream);
    const greeting = "Asterisk Call Manager/11.0.0\r\n";
    expect(stream.startsWith(greeting)).toBe(true);
    const joined = Buffer.concat(packets.map((packet) => packet.bytes));
    expect(joined.equals(Buffer.from(stream.slice(greeting.length), "utf8"))).toBe(true);
  });

  it("keeps the Event packets only, UTF-8 and `: ` in values included", () => {
    const events = transcriptEvents(transcriptPath("call-burst"));
    expect(events.length).toBe(5042);
    expect(events.every((packet) => packet.fields[0]?.[0] === "Event")).toBe(true);
    const appData = events
      .flatMap((packet) => packet.fields)
      .find(([key, value]) => key === "AppData" && value.includes("мир"));
    expect(appData).toEqual(["AppData", "TestUser,Header1: hello,Header2: мир"]);
  });

  it("refuses a bare-LF stream instead of mis-cutting it", () => {
    expect(() => cutPackets("Event: A\nX: 1\n\n")).toThrow(/bare-LF/);
    expect(() => cutPackets("Event: A\r\nX: 1")).toThrow(/ends inside a packet/);
  });

  it("repeats whole packets to the target size, or keeps a prefix when one pass is larger", () => {
    const packets = cutPackets("Event: A\r\n\r\nEvent: BB\r\n\r\n");
    const repeated = repeatToSize("t", "", packets, 100);
    expect(repeated.packetCount % 2).toBe(0);
    expect(repeated.bytes.length).toBeGreaterThanOrEqual(100);
    expect(repeated.bytes.subarray(0, 25).toString()).toBe("Event: A\r\n\r\nEvent: BB\r\n\r\n");
    expect(repeatToSize("t", "", packets, 5).packets.length).toBe(1);
  });

  it("reads a header line as the reference: first colon, one space dropped, `Key:` empty", () => {
    expect(referenceFields("Event: X\r\nAppData: a: b\r\nAccountCode:\r\nK:  two\r\nnocolon")).toEqual([
      ["Event", "X"],
      ["AppData", "a: b"],
      ["AccountCode", ""],
      ["K", " two"],
      ["nocolon", ""],
    ]);
  });
});
