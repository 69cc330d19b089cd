/** Test helpers: run the real decoder over chunks and turn packets into plain, comparable data. */
import { byteByByte, splitAt, utf8 } from "@amikit/test-support";
import { expect } from "vitest";
import { AmiDecoder, type AmiDecoderOptions } from "../decoder.ts";
import type { AmiPacket } from "../packet.ts";
import { type PlainPacket, referenceDecode } from "./reference-decoder.ts";

/** A packet as plain data (type, name, fields, output), for `toEqual` against the oracle. */
export function plain(packet: AmiPacket): PlainPacket {
  const output = packet.output;
  return {
    type: packet.type,
    name: packet.name,
    fields: packet.fields.map(([key, value]) => [key, value]),
    output: output === undefined ? undefined : [...output],
  };
}

/** Feeds `chunks` to a new decoder and returns every packet; calls `end()` unless told not to. */
export function decodeChunks(
  chunks: Iterable<Uint8Array>,
  options: AmiDecoderOptions = {},
  { end = true }: { end?: boolean } = {},
): AmiPacket[] {
  const decoder = new AmiDecoder(options);
  const packets: AmiPacket[] = [];
  for (const chunk of chunks) {
    for (const packet of decoder.push(chunk)) packets.push(packet);
  }
  if (end) decoder.end();
  return packets;
}

/**
 * Decodes `bytes` whole, byte by byte, at every single split point, and (for short inputs) at every
 * pair of split points; checks every way gives the same packets as the oracle and returns them.
 */
export function decodeEveryWay(input: Uint8Array | string, options: AmiDecoderOptions = {}): AmiPacket[] {
  const bytes = typeof input === "string" ? utf8(input) : input;
  const whole = decodeChunks([bytes], options);
  const expected = whole.map(plain);
  expect(expected).toEqual(referenceDecode(bytes, options).packets);
  const expectedJson = JSON.stringify(expected);
  // Compare cheaply; fall back to expect() only on a difference, for a readable failure.
  const check = (chunks: Iterable<Uint8Array>) => {
    const actual = decodeChunks(chunks, options).map(plain);
    if (JSON.stringify(actual) !== expectedJson) expect(actual).toEqual(expected);
  };
  check(byteByByte(bytes));
  for (let cut = 1; cut < bytes.length; cut++) check(splitAt(bytes, [cut]));
  if (bytes.length <= 120) {
    for (let first = 1; first < bytes.length; first++) {
      for (let second = first + 1; second < bytes.length; second++) check(splitAt(bytes, [first, second]));
    }
  }
  return whole;
}
