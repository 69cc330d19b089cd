/**
 * Decoded packets read their fields lazily from the decoder's text (no per-field allocation inside
 * `push()`). These tests pin that every accessor of such a packet agrees with a packet built by hand
 * from the same fields, on every path: within one decoding piece, carried across pieces, too long to
 * carry, split across pushes, handed out by an oversized-frame error, and fed as a Uint8Array subclass.
 */

import { splitAt, utf8 } from "@amikit/test-support";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AmiDecoder } from "./decoder.ts";
import { AmiFrameTooLargeError } from "./errors.ts";
import { type AmiField, AmiPacket } from "./packet.ts";
import { decodeChunks, plain } from "./test-support/decode.ts";
import { referenceDecode } from "./test-support/reference-decoder.ts";

function wire(fields: readonly AmiField[]): string {
  return `${fields.map(([key, value]) => `${key}: ${value}\r\n`).join("")}\r\n`;
}

/** Every accessor of `packet` against an eagerly built packet of the same fields. */
function expectSameAsEager(packet: AmiPacket, fields: readonly AmiField[]): void {
  const eager = new AmiPacket(fields.map(([key, value]) => [key, value] as const));
  expect(packet.type).toBe(eager.type);
  expect(packet.name).toBe(eager.name);
  expect(packet.toObject()).toEqual(eager.toObject());
  expect(Object.keys(packet.toObject())).toEqual(Object.keys(eager.toObject()));
  for (const [key] of fields) {
    for (const spelling of [key, key.toLowerCase(), key.toUpperCase()]) {
      expect(packet.get(spelling)).toBe(eager.get(spelling));
      expect(packet.getAll(spelling)).toEqual(eager.getAll(spelling));
      expect(packet.has(spelling)).toBe(eager.has(spelling));
    }
  }
  expect(packet.get("NoSuchHeader")).toBeUndefined();
  expect(packet.actionId).toBe(eager.actionId);
  expect(packet.output).toEqual(eager.output);
  expect(packet.fields.map(([key, value]) => [key, value])).toEqual(fields.map(([k, v]) => [k, v]));
  // Built once: the same array on every access.
  expect(packet.fields).toBe(packet.fields);
}

describe("lazily decoded packets", () => {
  it("answer get/getAll/has/actionId/output/toObject/fields like a packet built from the same fields", () => {
    const fields: AmiField[] = [
      ["Event", "Newchannel"],
      ["Channel", "PJSIP/100-00000001"],
      ["CallerIDName", "Müller 📞"],
      ["ActionID", "a:b: c"],
      ["ChanVariable", "A=1"],
      ["chanvariable", "B=2"],
      ["ChanVariable", "C=3"],
      ["Output", "line one"],
      ["Empty", ""],
    ];
    const [packet] = decodeChunks([utf8(wire(fields))]);
    expectSameAsEager(packet as AmiPacket, fields);
  });

  it("build the same objects whether or not an earlier packet of the same name had the same keys", () => {
    const first: AmiField[] = [
      ["Event", "VarSet"],
      ["Variable", "X"],
      ["Value", "1"],
    ];
    const sameKeys: AmiField[] = [
      ["Event", "VarSet"],
      ["Variable", "Y"],
      ["Value", "2"],
    ];
    const otherOrder: AmiField[] = [
      ["Event", "VarSet"],
      ["Value", "3"],
      ["Variable", "Z"],
    ];
    const sameLengthOtherKey: AmiField[] = [
      ["Event", "VarSet"],
      ["Variable", "Y"],
      ["Valuf", "2"],
    ];
    const repeated: AmiField[] = [
      ["Event", "VarSet"],
      ["Value", "4"],
      ["Value", "5"],
    ];
    const proto: AmiField[] = [
      ["Event", "VarSet"],
      ["__proto__", "6"],
      ["Value", "7"],
    ];
    const all = [first, sameKeys, otherOrder, sameLengthOtherKey, repeated, proto, first, proto, sameKeys];
    const packets = decodeChunks([utf8(all.map(wire).join(""))]);
    expect(packets).toHaveLength(all.length);
    packets.forEach((packet, index) => {
      expectSameAsEager(packet, all[index] as AmiField[]);
    });
    const withProto = packets[5]?.toObject() as Record<string, unknown>;
    expect(Object.getPrototypeOf(withProto)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(withProto, "__proto__")?.value).toBe("6");
    // Each call gives a new object.
    expect(packets[0]?.toObject()).not.toBe(packets[0]?.toObject());
  });

  it("build plain objects from a remembered key sequence, and drop a half-built one when a key differs", () => {
    const many = (count: number, differAt = -1): AmiField[] => {
      const fields: AmiField[] = [["Event", `Wide${count}`]];
      for (let i = 1; i < count; i++) fields.push([i === differAt ? `Other${i}` : `Header${i}`, `v${i}`]);
      return fields;
    };
    // 3, 30 and 60 keys (more than a remembered layout reserves room for), each name seen 10 times,
    // then the same names with a key that differs at the start, in the middle and at the end.
    const all: AmiField[][] = [];
    for (let round = 0; round < 10; round++) all.push(many(3), many(30), many(60));
    all.push(many(30, 1), many(30, 15), many(30, 29), many(60, 59), many(30), many(60));
    const packets = decodeChunks([utf8(all.map(wire).join(""))]);
    expect(packets).toHaveLength(all.length);
    packets.forEach((packet, index) => {
      const fields = all[index] as AmiField[];
      const object = packet.toObject();
      expect(object).toStrictEqual(Object.fromEntries(fields));
      expect(Object.keys(object)).toEqual(fields.map(([key]) => key));
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
      expect(object.constructor).toBe(Object);
      expect(Object.getOwnPropertyNames(object)).toHaveLength(fields.length);
    });
  });

  it("decode packets that span decoding pieces, short ones carried and long ones set aside, however split", () => {
    const small = (i: number): AmiField[] => [
      ["Event", "Tick"],
      ["Index", String(i).padStart(4, "0")],
      ["Text", "x".repeat(i % 97)],
    ];
    // 30 000+ characters of headers: longer than what the decoder carries from piece to piece.
    const huge: AmiField[] = [["Event", "Huge"]];
    for (let i = 0; i < 600; i++) huge.push([`Header${i}`, "é".repeat(25)]);
    const packets: AmiField[][] = [];
    for (let i = 0; i < 300; i++) packets.push(i === 150 ? huge : small(i));
    const bytes = utf8(packets.map(wire).join(""));
    const expected = referenceDecode(bytes).packets;
    expect(decodeChunks([bytes]).map(plain)).toEqual(expected);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 30 }), (cuts) => {
        const decoded = decodeChunks(splitAt(bytes, cuts));
        expect(decoded.map(plain)).toEqual(expected);
        decoded.forEach((packet, index) => {
          expect(packet.toObject()).toEqual(new AmiPacket(packets[index] as AmiField[]).toObject());
          expect(packet.get("index")).toBe(new AmiPacket(packets[index] as AmiField[]).get("Index"));
        });
      }),
      { numRuns: 25 },
    );
  });

  it("read long packets (set aside across pieces) like short ones, whatever their type line", () => {
    const filler: AmiField[] = [];
    for (let i = 0; i < 250; i++)
      filler.push([`H${i % 7}`, `value ${i} ${"é".repeat(i % 5)}${"x".repeat(120)}`]);
    const shapes: AmiField[][] = [
      [["Event", "Long"], ...filler],
      [["A", "1"], ["response", "Success"], ...filler],
      [["no colon here", ""], ...filler],
    ];
    for (const fields of shapes) {
      const bytes = utf8(wire(fields));
      // Longer than the 16 KiB a decoder carries from piece to piece.
      expect(bytes.length).toBeGreaterThan(30_000);
      for (const cuts of [[], [1], [5000, 5001, 20_000], [bytes.length - 3]]) {
        const decoded = decodeChunks(splitAt(bytes, cuts));
        expect(decoded).toHaveLength(1);
        expectSameAsEager(decoded[0] as AmiPacket, fields);
      }
    }
  });

  it("an unfinished carried packet makes end() report it", () => {
    const decoder = new AmiDecoder();
    const start = `Event: Long\r\n${"Key: value\r\n".repeat(500)}`;
    expect(decoder.push(utf8(start))).toEqual([]);
    expect(() => decoder.end()).toThrow(/unfinished packet/);
  });

  it("packets handed out by AmiFrameTooLargeError read their own fields", () => {
    const decoder = new AmiDecoder({ maxPacketBytes: 200 });
    const ok: AmiField[] = [
      ["Event", "Small"],
      ["Key", "value"],
    ];
    const text = `${wire(ok)}${wire(ok)}Event: Big\r\nData: ${"z".repeat(300)}\r\n\r\n`;
    let error: unknown;
    try {
      decoder.push(utf8(text));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AmiFrameTooLargeError);
    const packets = (error as AmiFrameTooLargeError).packets;
    expect(packets).toHaveLength(2);
    for (const packet of packets) expectSameAsEager(packet, ok);
  });

  it("accepts chunks of a Uint8Array subclass (as Node's Buffer is) and gives the same packets", () => {
    class Bytes extends Uint8Array {
      tag = "subclass";
    }
    const fields: AmiField[] = [
      ["Event", "Hangup"],
      ["Cause-txt", "Normal Clearing"],
    ];
    const bytes = utf8(wire(fields).repeat(3));
    const sub = new Bytes(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
    const decoder = new AmiDecoder();
    const mixed = [
      ...decoder.push(sub.subarray(0, 20)),
      ...decoder.push(bytes.subarray(20, 40)),
      ...decoder.push(sub.subarray(40)),
    ];
    expect(mixed.map(plain)).toEqual(decodeChunks([bytes]).map(plain));
    expect(mixed).toHaveLength(3);
  });

  it("serialise and inspect with their fields, as when fields was an own property", () => {
    const fields: AmiField[] = [
      ["Event", "Hangup"],
      ["Cause", "16"],
    ];
    const [decoded] = decodeChunks([utf8(wire(fields))]);
    const eager = new AmiPacket(fields);
    expect(JSON.parse(JSON.stringify(decoded))).toEqual({ fields, type: "event", name: "Hangup" });
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(eager));
    const inspect = (decoded as unknown as Record<symbol, () => Record<string, unknown>>)[
      Symbol.for("nodejs.util.inspect.custom")
    ];
    const shown = inspect?.call(decoded);
    expect(shown?.constructor.name).toBe("AmiPacket");
    expect({ ...shown }).toEqual({ fields, type: "event", name: "Hangup" });
  });

  it("returns a new array from every push, not the decoder's own", () => {
    const decoder = new AmiDecoder();
    const first = decoder.push(utf8("Event: A\r\n\r\nEvent: B\r\n\r\n"));
    const second = decoder.push(utf8("Event: C\r\n\r\n"));
    expect(first.map((packet) => packet.name)).toEqual(["A", "B"]);
    expect(second.map((packet) => packet.name)).toEqual(["C"]);
  });
});
