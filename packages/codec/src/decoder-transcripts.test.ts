import { byteByByte, readTranscript, splitAt, transcriptNames } from "@amikit/test-support";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AmiDecoder } from "./decoder.ts";
import type { AmiPacket } from "./packet.ts";
import { decodeChunks, plain } from "./test-support/decode.ts";
import { referenceDecode } from "./test-support/reference-decoder.ts";

const SERVER = { expectGreeting: true } as const;
const names = transcriptNames();

/** Bytes of the first packets of `bytes`, up to the end of the packet that ends after `minimum` bytes. */
function packetAlignedPrefix(bytes: Uint8Array, minimum: number): Uint8Array {
  for (let i = minimum; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      return bytes.subarray(0, i + 4);
    }
  }
  return bytes;
}

function countBy(packets: readonly AmiPacket[], key: (packet: AmiPacket) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const packet of packets) counts[key(packet)] = (counts[key(packet)] ?? 0) + 1;
  return counts;
}

describe("every Asterisk 22 transcript", () => {
  it("is present", () => {
    expect(names.length).toBeGreaterThanOrEqual(13);
    expect(names).toContain("call-burst");
  });

  describe.each(names)("%s", (name) => {
    const transcript = readTranscript(name);
    const large = transcript.serverBytes.length > 100_000;
    const oracle = referenceDecode(transcript.serverBytes, SERVER);

    it("the oracle sees a complete stream that starts with the greeting", () => {
      expect(oracle.unfinished).toBe(false);
      expect(oracle.packets[0]?.type).toBe("greeting");
      expect(oracle.packets[0]?.name).toBe("Asterisk Call Manager/11.0.0");
    });

    it("decodes the server side fed whole", () => {
      expect(decodeChunks([transcript.serverBytes], SERVER).map(plain)).toEqual(oracle.packets);
    });

    it("decodes the server side as recorded, one socket read per push", () => {
      expect(decodeChunks(transcript.serverChunks, SERVER).map(plain)).toEqual(oracle.packets);
    });

    it("decodes the server side byte by byte", () => {
      const bytes = large ? packetAlignedPrefix(transcript.serverBytes, 60_000) : transcript.serverBytes;
      const expected = large ? referenceDecode(bytes, SERVER).packets : oracle.packets;
      expect(expected.length).toBeGreaterThan(1);
      expect(decodeChunks(byteByByte(bytes), SERVER).map(plain)).toEqual(expected);
    });

    it("decodes the server side split at random points identically", () => {
      const bytes = transcript.serverBytes;
      const expectedJson = JSON.stringify(oracle.packets);
      fc.assert(
        fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: large ? 400 : 40 }), (offsets) => {
          const actual = decodeChunks(splitAt(bytes, offsets), SERVER).map(plain);
          // Cheap comparison first; expect() only on a difference, for a readable failure.
          if (JSON.stringify(actual) !== expectedJson) expect(actual).toEqual(oracle.packets);
        }),
        { numRuns: large ? 4 : 40 },
      );
    });

    it("decodes the client side (what the client sent) into action packets", () => {
      const client = referenceDecode(transcript.clientBytes);
      expect(client.unfinished).toBe(false);
      const packets = decodeChunks([transcript.clientBytes]);
      expect(packets.map(plain)).toEqual(client.packets);
      expect(packets.length).toBeGreaterThan(0);
      for (const packet of packets) {
        // The one packet without an Action header (errors.jsonl) is not an action.
        expect(packet.type).toBe(packet.has("Action") ? "action" : "unknown");
      }
      expect(decodeChunks(byteByByte(transcript.clientBytes)).map(plain)).toEqual(client.packets);
    });
  });
});

describe("facts of the recorded conversations", () => {
  it("call-burst: 200 originates, every response and event counted", () => {
    const packets = decodeChunks(readTranscript("call-burst").serverChunks, SERVER);
    expect(countBy(packets, (packet) => packet.type)).toEqual({ greeting: 1, response: 201, event: 5042 });
    const events = countBy(
      packets.filter((packet) => packet.type === "event"),
      (packet) => packet.name,
    );
    expect(events.OriginateResponse).toBe(200);
    expect(events.Newchannel).toBe(400);
    expect(events.Hangup).toBe(400);
    const queued = packets.filter((packet) => packet.get("Message") === "Originate successfully queued");
    expect(queued).toHaveLength(200);
    expect(new Set(queued.map((packet) => packet.actionId)).size).toBe(200);
  });

  it("originate-call: UTF-8 CallerID and UserEvent headers decode exactly", () => {
    const packets = decodeChunks(readTranscript("originate-call").serverChunks, SERVER);
    const originateResponse = packets.find((packet) => packet.name === "OriginateResponse");
    expect(originateResponse?.type).toBe("event");
    expect(originateResponse?.actionId).toBe("orig-1");
    expect(originateResponse?.get("Response")).toBe("Success");
    expect(originateResponse?.get("CallerIDName")).toBe("Иван Петров");
    const userEvent = packets.find((packet) => packet.name === "UserEvent");
    expect(userEvent?.get("UserEvent")).toBe("TestUser");
    expect(userEvent?.get("Header2")).toBe("мир");
    // Empty values are kept, not dropped.
    expect(userEvent?.fields).toContainEqual(["AccountCode", ""]);
    const newexten = packets.find((packet) => packet.get("Application") === "UserEvent");
    expect(newexten?.get("AppData")).toBe("TestUser,Header1: hello,Header2: мир");
  });

  it("originate-call: the client's repeated Variable headers stay in order", () => {
    const [, originate] = decodeChunks([readTranscript("originate-call").clientBytes]);
    expect(originate?.type).toBe("action");
    expect(originate?.name).toBe("Originate");
    expect(originate?.getAll("Variable")).toEqual(["FOO=bar", "BAZ=qux=1"]);
    expect(originate?.get("CallerID")).toBe('"Иван Петров" <1001>');
    expect(originate?.toObject().Variable).toEqual(["FOO=bar", "BAZ=qux=1"]);
  });

  it("events-filter-userevent: Cyrillic and emoji in both directions", () => {
    const transcript = readTranscript("events-filter-userevent");
    const server = decodeChunks(transcript.serverChunks, SERVER);
    const hello = server.find((packet) => packet.name === "UserEvent" && packet.get("UserEvent") === "Hello");
    expect(hello?.get("Greeting")).toBe("Привет, мир");
    expect(hello?.get("Emoji")).toBe("📞");
    expect(server.at(-1)?.name).toBe("Goodbye");
    const client = decodeChunks([transcript.clientBytes]);
    expect(client.find((packet) => packet.name === "UserEvent")?.get("Emoji")).toBe("📞");
    expect(client.find((packet) => packet.name === "Filter")?.get("Filter")).toBe("Event: UserEvent");
  });

  it("ping-command: Command output arrives as Output lines", () => {
    const packets = decodeChunks(readTranscript("ping-command").serverChunks, SERVER);
    const byId = (id: string) => packets.find((packet) => packet.actionId === id);
    expect(byId("ping-1")?.get("Ping")).toBe("Pong");
    expect(byId("cmd-2")?.output).toEqual(["System uptime: 52 seconds", "Last reload: 52 seconds"]);
    const dialplan = byId("cmd-3")?.output ?? [];
    expect(dialplan).toHaveLength(12);
    expect(dialplan).toContain("");
    expect(dialplan[7]).toContain("Header2: мир");
    expect(byId("cmd-6")?.output).toBeUndefined();
    expect(byId("cmd-6")?.get("Message")).toBe("No command provided");
  });

  it("errors: values containing ': ' are kept whole; a packet without Action is unknown", () => {
    const transcript = readTranscript("errors");
    const server = decodeChunks(transcript.serverChunks, SERVER);
    expect(server.find((packet) => packet.actionId === "e1")?.get("Message")).toBe(
      "Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.",
    );
    expect(server.find((packet) => packet.name === "RequestBadFormat")?.get("RequestType")).toBe(
      "Action: NoSuchAction",
    );
    const noAction = decodeChunks([transcript.clientBytes]).find((packet) => packet.actionId === "e5");
    expect(noAction?.type).toBe("unknown");
    expect(noAction?.name).toBe("");
    expect(noAction?.fields).toEqual([
      ["ActionID", "e5"],
      ["Foo", "bar"],
    ]);
  });

  it("login-events-off: a response split between two socket reads", () => {
    const transcript = readTranscript("login-events-off");
    const texts = transcript.serverChunks.map((chunk) => new TextDecoder().decode(chunk));
    expect(texts.at(-2)).toBe("Response: Success\r\n");
    const decoder = new AmiDecoder(SERVER);
    const early = transcript.serverChunks.slice(0, -1).flatMap((chunk) => decoder.push(chunk));
    expect(early.map((packet) => packet.actionId)).toEqual([undefined, "login-1", "o1"]);
    const [pong, ...more] = decoder.push(transcript.serverChunks.at(-1) ?? new Uint8Array());
    expect(more).toEqual([]);
    expect(pong?.fields).toEqual([
      ["Response", "Success"],
      ["ActionID", "p1"],
      ["Ping", "Pong"],
      ["Timestamp", "1795712917.145265"],
    ]);
    decoder.end();
  });
});
