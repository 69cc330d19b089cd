import { splitAt, utf8 } from "@amikit/test-support";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AmiDecoder, DEFAULT_MAX_PACKET_BYTES } from "./decoder.ts";
import { AmiError, AmiFrameTooLargeError, AmiProtocolError } from "./errors.ts";
import type { AmiPacket } from "./packet.ts";
import { plain } from "./test-support/decode.ts";

/** Runs `push`, returning the error it threw (or failing the test when it did not throw). */
function pushError(decoder: AmiDecoder, chunk: Uint8Array): unknown {
  try {
    decoder.push(chunk);
  } catch (error) {
    return error;
  }
  throw new Error("push() did not throw");
}

describe("AmiDecoder limits", () => {
  it("defaults maxPacketBytes to 4 MiB", () => {
    expect(DEFAULT_MAX_PACKET_BYTES).toBe(4 * 1024 * 1024);
    const decoder = new AmiDecoder();
    const error = pushError(
      decoder,
      utf8(`Event: Huge\r\nV: ${"x".repeat(DEFAULT_MAX_PACKET_BYTES)}\r\n\r\n`),
    );
    expect(error).toBeInstanceOf(AmiFrameTooLargeError);
    expect((error as AmiFrameTooLargeError).limit).toBe(DEFAULT_MAX_PACKET_BYTES);
  });

  it("accepts a packet of exactly maxPacketBytes and rejects one byte more", () => {
    const exact = utf8("Event: X\r\nV: 12345\r\n\r\n");
    expect(new AmiDecoder({ maxPacketBytes: exact.length }).push(exact)).toHaveLength(1);
    const error = pushError(new AmiDecoder({ maxPacketBytes: exact.length - 1 }), exact);
    expect(error).toBeInstanceOf(AmiFrameTooLargeError);
    expect(error).toBeInstanceOf(AmiError);
    expect(error).toMatchObject({
      limit: exact.length - 1,
      size: exact.length,
      name: "AmiFrameTooLargeError",
    });
    expect((error as Error).message).toContain(`${exact.length - 1}`);
  });

  it("hands over the packets completed before the oversized one in the same push", () => {
    const decoder = new AmiDecoder({ maxPacketBytes: 40 });
    const error = pushError(
      decoder,
      utf8(`Event: A\r\n\r\nEvent: B\r\n\r\nEvent: C\r\nV: ${"x".repeat(50)}\r\n\r\n`),
    );
    expect((error as AmiFrameTooLargeError).packets.map((packet) => packet.name)).toEqual(["A", "B"]);
  });

  it("stops a runaway line without a line ending once it passes the limit", () => {
    const decoder = new AmiDecoder({ maxPacketBytes: 1000 });
    const piece = utf8("y".repeat(300));
    for (let i = 0; i < 3; i++) {
      expect(decoder.push(piece)).toEqual([]);
      expect(decoder.bufferedBytes).toBe(300 * (i + 1));
    }
    const error = pushError(decoder, piece);
    expect(error).toBeInstanceOf(AmiFrameTooLargeError);
    expect((error as AmiFrameTooLargeError).size).toBe(1200);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it("stops a packet that grows across many pushes", () => {
    const decoder = new AmiDecoder({ maxPacketBytes: 500 });
    decoder.push(utf8("Event: Long\r\n"));
    let error: unknown;
    for (let i = 0; i < 100 && error === undefined; i++) {
      try {
        decoder.push(utf8(`Line${i}: value\r\n`));
      } catch (caught) {
        error = caught;
      }
      expect(decoder.bufferedBytes).toBeLessThanOrEqual(500);
    }
    expect(error).toBeInstanceOf(AmiFrameTooLargeError);
  });

  it("stops a legacy Command body that never ends", () => {
    const decoder = new AmiDecoder({ maxPacketBytes: 200 });
    decoder.push(utf8("Response: Follows\r\nPrivilege: Command\r\n"));
    expect(() => {
      for (let i = 0; i < 100; i++) decoder.push(utf8("output line\n\n"));
    }).toThrow(AmiFrameTooLargeError);
  });

  it("fails closed: after an error push() throws AmiProtocolError with the cause, end() is quiet", () => {
    const decoder = new AmiDecoder({ maxPacketBytes: 10 });
    const first = pushError(decoder, utf8("Event: TooLongForTen\r\n\r\n"));
    const second = pushError(decoder, utf8("Event: A\r\n\r\n"));
    expect(second).toBeInstanceOf(AmiProtocolError);
    expect((second as AmiProtocolError).cause).toBe(first);
    expect(() => decoder.end()).not.toThrow();
    expect(decoder.bufferedBytes).toBe(0);
  });

  it("rejects a maxPacketBytes that is not a positive number", () => {
    expect(() => new AmiDecoder({ maxPacketBytes: 0 })).toThrow(RangeError);
    expect(() => new AmiDecoder({ maxPacketBytes: Number.NaN })).toThrow(RangeError);
  });
});

describe("AmiDecoder.end()", () => {
  it("throws AmiProtocolError for a packet without its blank line", () => {
    const decoder = new AmiDecoder();
    decoder.push(utf8("Response: Success\r\nActionID: 1\r\n"));
    expect(() => decoder.end()).toThrow(AmiProtocolError);
  });

  it("throws AmiProtocolError for a partial line", () => {
    const decoder = new AmiDecoder();
    decoder.push(utf8("Event: A\r\n\r\nEvent: Parti"));
    expect(() => decoder.end()).toThrow(/unfinished packet/);
  });

  it("accepts a stream that ends between packets, even after a stray CR", () => {
    const decoder = new AmiDecoder();
    expect(decoder.push(utf8("Event: A\r\n\r\n\r"))).toHaveLength(1);
    expect(() => decoder.end()).not.toThrow();
  });

  it("closes the decoder: a later push() throws, a second end() does nothing", () => {
    const decoder = new AmiDecoder();
    decoder.end();
    expect(() => decoder.push(utf8("Event: A\r\n\r\n"))).toThrow(AmiProtocolError);
    expect(() => decoder.end()).not.toThrow();
  });
});

/** Bytes biased toward what matters to the framing: line endings, colons, spaces, non-ASCII. */
const noisyBytes = fc.uint8Array({ maxLength: 400 }).chain((raw) =>
  fc
    .array(fc.constantFrom(10, 13, 58, 32, 0x45, 0xd0, 0xbc, 0xff, 0xf0), {
      minLength: raw.length,
      maxLength: raw.length,
    })
    .map((bias) => raw.map((byte, index) => (byte % 3 === 0 ? (bias[index] ?? byte) : byte))),
);

interface Outcome {
  packets: ReturnType<typeof plain>[];
  error: string | undefined;
}

function run(chunks: readonly Uint8Array[], maxPacketBytes: number): Outcome {
  const decoder = new AmiDecoder({ maxPacketBytes });
  const packets: AmiPacket[] = [];
  try {
    for (const chunk of chunks) {
      packets.push(...decoder.push(chunk));
      expect(decoder.bufferedBytes).toBeLessThanOrEqual(maxPacketBytes);
    }
    decoder.end();
  } catch (error) {
    expect(error).toBeInstanceOf(AmiError);
    if (error instanceof AmiFrameTooLargeError) {
      packets.push(...error.packets);
      expect(error.size).toBeGreaterThan(maxPacketBytes);
    }
    return { packets: packets.map(plain), error: (error as Error).name };
  }
  return { packets: packets.map(plain), error: undefined };
}

describe("AmiDecoder on random bytes", () => {
  it("only ever throws codec errors, keeps buffering within the limit, and gives the same outcome for any split", () => {
    fc.assert(
      fc.property(
        noisyBytes,
        fc.array(fc.nat({ max: 400 }), { maxLength: 20 }),
        fc.integer({ min: 8, max: 120 }),
        (bytes, offsets, maxPacketBytes) => {
          const whole = run([bytes], maxPacketBytes);
          const split = run(splitAt(bytes, offsets), maxPacketBytes);
          expect(split).toEqual(whole);
          for (const packet of whole.packets) {
            const size = packet.fields.reduce((total, [key, value]) => total + key.length + value.length, 0);
            expect(size).toBeLessThanOrEqual(maxPacketBytes);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
