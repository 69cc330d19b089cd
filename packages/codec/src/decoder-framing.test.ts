import { splitAt, utf8 } from "@amikit/test-support";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AmiDecoder } from "./decoder.ts";
import { decodeChunks, decodeEveryWay, plain } from "./test-support/decode.ts";
import { referenceDecode } from "./test-support/reference-decoder.ts";

describe("AmiDecoder framing", () => {
  it("ends a packet at a blank line and returns packets in order", () => {
    const packets = decodeEveryWay(
      "Response: Success\r\nActionID: 1\r\n\r\nEvent: FullyBooted\r\nStatus: Up\r\n\r\n",
    );
    expect(packets.map((packet) => [packet.type, packet.name])).toEqual([
      ["response", "Success"],
      ["event", "FullyBooted"],
    ]);
    expect(packets[0]?.fields).toEqual([
      ["Response", "Success"],
      ["ActionID", "1"],
    ]);
  });

  it("accepts a packet ended by \\r\\n\\n (CoreShowChannelMap)", () => {
    const packets = decodeEveryWay(
      "Event: CoreShowChannelMapComplete\r\nActionID: m\r\n\nResponse: Success\r\n\r\n",
    );
    expect(packets.map((packet) => packet.name)).toEqual(["CoreShowChannelMapComplete", "Success"]);
    expect(packets[0]?.actionId).toBe("m");
  });

  it("accepts bare \\n line endings everywhere, mixed with CRLF", () => {
    const packets = decodeEveryWay("Event: A\nX: 1\n\nEvent: B\r\nY: 2\n\r\nEvent: C\nZ: 3\r\n\n");
    expect(packets.map(plain)).toEqual([
      {
        type: "event",
        name: "A",
        fields: [
          ["Event", "A"],
          ["X", "1"],
        ],
        output: undefined,
      },
      {
        type: "event",
        name: "B",
        fields: [
          ["Event", "B"],
          ["Y", "2"],
        ],
        output: undefined,
      },
      {
        type: "event",
        name: "C",
        fields: [
          ["Event", "C"],
          ["Z", "3"],
        ],
        output: undefined,
      },
    ]);
  });

  it("ignores extra blank lines before, between and after packets", () => {
    const packets = decodeEveryWay("\r\n\n\r\nEvent: A\r\n\r\n\r\n\r\n\nEvent: B\r\n\r\n\r\n\n");
    expect(packets.map((packet) => packet.name)).toEqual(["A", "B"]);
  });

  it("reads Key: with no space as an empty value, and drops only one space after the colon", () => {
    const [packet] = decodeEveryWay("Event: X\r\nEmpty:\r\nSpaced: \r\nTight:value\r\nTwo:  spaces \r\n\r\n");
    expect(packet?.fields).toEqual([
      ["Event", "X"],
      ["Empty", ""],
      ["Spaced", ""],
      ["Tight", "value"],
      ["Two", " spaces "],
    ]);
  });

  it("splits only at the first ': ' so values keep theirs", () => {
    const [packet] = decodeEveryWay(
      "Event: Newexten\r\nAppData: Dial(PJSIP/bob,,tT)\r\nRequestType: Action: NoSuchAction\r\nUrl: sip:alice@host: x\r\n\r\n",
    );
    expect(packet?.get("AppData")).toBe("Dial(PJSIP/bob,,tT)");
    expect(packet?.get("RequestType")).toBe("Action: NoSuchAction");
    expect(packet?.get("Url")).toBe("sip:alice@host: x");
  });

  it("keeps keys such as ChanVariable(Local/quick@test-00000000;1), repeated, in order", () => {
    const text =
      "Event: OriginateResponse\r\nActionID: o-1\r\nResponse: Success\r\nChannel: Local/quick@test-00000000;1\r\n" +
      "ChanVariable(Local/quick@test-00000000;1): FOO=bar\r\nChanVariable(Local/quick@test-00000000;1): IDX=\r\n" +
      "ChanVariable(IAX2/127.0.0.1:4569-1234): FOO=baz\r\nChanVariable: FOO=1\r\nChanVariable: IDX=2\r\n\r\n";
    const [packet] = decodeEveryWay(text);
    expect(packet?.type).toBe("event");
    expect(packet?.name).toBe("OriginateResponse");
    expect(packet?.getAll("ChanVariable(Local/quick@test-00000000;1)")).toEqual(["FOO=bar", "IDX="]);
    expect(packet?.get("ChanVariable(IAX2/127.0.0.1:4569-1234)")).toBe("FOO=baz");
    expect(packet?.getAll("ChanVariable")).toEqual(["FOO=1", "IDX=2"]);
    expect(packet?.fields.map(([key]) => key)).toEqual([
      "Event",
      "ActionID",
      "Response",
      "Channel",
      "ChanVariable(Local/quick@test-00000000;1)",
      "ChanVariable(Local/quick@test-00000000;1)",
      "ChanVariable(IAX2/127.0.0.1:4569-1234)",
      "ChanVariable",
      "ChanVariable",
    ]);
  });

  it("keeps a line without a colon as a field with the whole line as key and an empty value", () => {
    const [packet] = decodeEveryWay("Event: Odd\r\nno colon here\r\nAfter: 1\r\n\r\n");
    expect(packet?.fields).toEqual([
      ["Event", "Odd"],
      ["no colon here", ""],
      ["After", "1"],
    ]);
  });

  it("keeps a lone CR inside a line and strips only the CR of the line ending", () => {
    const [packet] = decodeEveryWay("Event: X\r\nA: one\rtwo\r\nB: trailing\r\r\n\r\n");
    expect(packet?.get("A")).toBe("one\rtwo");
    expect(packet?.get("B")).toBe("trailing\r");
  });

  it("keeps a byte order mark wherever it appears (it is data, not a signature)", () => {
    const [packet] = decodeEveryWay("\uFEFFEvent: X\r\nV: \uFEFFy\r\n\r\n");
    expect(packet?.fields).toEqual([
      ["\uFEFFEvent", "X"],
      ["V", "\uFEFFy"],
    ]);
    expect(packet?.type).toBe("unknown");
  });

  it("derives type and name from Response, Event or Action, case-insensitively", () => {
    const packets = decodeEveryWay(
      "event: Lower\r\n\r\nACTION: Ping\r\n\r\nActionID: 9\r\nAction: Status\r\n\r\nFoo: bar\r\n\r\nResponse: Error\r\nEvent: Not this\r\n\r\n",
    );
    expect(packets.map((packet) => [packet.type, packet.name])).toEqual([
      ["event", "Lower"],
      ["action", "Ping"],
      ["action", "Status"],
      ["unknown", ""],
      ["response", "Error"],
    ]);
  });

  describe("the greeting", () => {
    it("is the first line, with no blank line after it, when expectGreeting is set", () => {
      const packets = decodeEveryWay(
        "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: 1\r\n\r\n",
        {
          expectGreeting: true,
        },
      );
      expect(packets.map(plain)).toEqual([
        { type: "greeting", name: "Asterisk Call Manager/11.0.0", fields: [], output: undefined },
        {
          type: "response",
          name: "Success",
          fields: [
            ["Response", "Success"],
            ["ActionID", "1"],
          ],
          output: undefined,
        },
      ]);
      expect(packets[0]?.toObject()).toEqual({});
    });

    it("is returned as soon as its line is complete", () => {
      const decoder = decodeChunks([utf8("Asterisk Call Manager/2.10.6\r\n")], { expectGreeting: true });
      expect(decoder.map((packet) => [packet.type, packet.name])).toEqual([
        ["greeting", "Asterisk Call Manager/2.10.6"],
      ]);
    });

    it("is only the first line: a later identical line is an ordinary line", () => {
      const packets = decodeEveryWay("Asterisk Call Manager/1.1\nAsterisk Call Manager/1.1\nEvent: X\n\n", {
        expectGreeting: true,
      });
      expect(packets.map((packet) => packet.type)).toEqual(["greeting", "event"]);
      expect(packets[1]?.fields[0]).toEqual(["Asterisk Call Manager/1.1", ""]);
    });

    it("without expectGreeting, the greeting line joins the next packet losslessly", () => {
      const [packet] = decodeEveryWay("Asterisk Call Manager/11.0.0\r\nResponse: Success\r\n\r\n");
      expect(packet?.fields).toEqual([
        ["Asterisk Call Manager/11.0.0", ""],
        ["Response", "Success"],
      ]);
      expect(packet?.type).toBe("response");
    });
  });

  it("does not keep a reference to a pushed chunk (the caller may reuse its memory)", () => {
    const decoder = new AmiDecoder();
    const buffer = new Uint8Array(64);
    const first = utf8("Event: Reused\r\nKey: val");
    buffer.set(first);
    expect(decoder.push(buffer.subarray(0, first.length))).toEqual([]);
    buffer.fill(0x21);
    const second = utf8("ue\r\n\r\n");
    buffer.set(second);
    const [packet] = decoder.push(buffer.subarray(0, second.length));
    expect(packet?.fields).toEqual([
      ["Event", "Reused"],
      ["Key", "value"],
    ]);
  });
});

describe("AmiDecoder on large chunks", () => {
  it("decodes lines longer than its internal decoding piece, amid many packets, however split", () => {
    const long = "Зоя 📞 ".repeat(1500); // about 15 kB of multibyte text in one value
    const text = `Event: A\r\nLong: ${long}\r\n\r\n${"Event: B\r\nX: 1\r\n\r\n".repeat(400)}Event: C\r\nLong: ${long}x\r\n\r\n`;
    const bytes = utf8(text);
    const expected = referenceDecode(bytes).packets;
    expect(expected).toHaveLength(402);
    expect(decodeChunks([bytes]).map(plain)).toEqual(expected);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 30 }), (offsets) => {
        expect(decodeChunks(splitAt(bytes, offsets)).map(plain)).toEqual(expected);
      }),
      { numRuns: 30 },
    );
    expect(decodeChunks([bytes])[401]?.get("Long")).toBe(`${long}x`);
  });
});
