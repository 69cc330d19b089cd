import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { splitAt, utf8 } from "@amikit/test-support";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AmiDecoder, DEFAULT_MAX_PACKET_BYTES, DEFAULT_MAX_PACKET_FIELDS } from "./decoder.ts";
import { AmiError, AmiFieldLimitError, AmiFrameTooLargeError, AmiProtocolError } from "./errors.ts";
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

describe("AmiDecoder field limit (maxPacketFields)", () => {
  it("defaults to 131 072 lines: a packet of exactly that many decodes, one more line fails", () => {
    expect(DEFAULT_MAX_PACKET_FIELDS).toBe(131_072);
    const exact = utf8(`Event: Many\r\n${"a\n".repeat(DEFAULT_MAX_PACKET_FIELDS - 1)}\r\n`);
    const [packet] = new AmiDecoder().push(exact);
    expect(packet?.fields).toHaveLength(DEFAULT_MAX_PACKET_FIELDS);
    const error = pushError(
      new AmiDecoder(),
      utf8(`Event: Many\r\n${"a\n".repeat(DEFAULT_MAX_PACKET_FIELDS)}\r\n`),
    );
    expect(error).toBeInstanceOf(AmiFieldLimitError);
    expect(error).toBeInstanceOf(AmiError);
    expect(error).toMatchObject({ name: "AmiFieldLimitError", limit: DEFAULT_MAX_PACKET_FIELDS });
  });

  it("accepts exactly maxPacketFields lines and rejects one more, with a short message naming the limit", () => {
    const five = "Event: X\r\nA: 1\r\nB: 2\r\nA: 3\r\nno colon\r\n\r\n";
    expect(new AmiDecoder({ maxPacketFields: 5 }).push(utf8(five))[0]?.fields).toHaveLength(5);
    const error = pushError(new AmiDecoder({ maxPacketFields: 4 }), utf8(five));
    expect(error).toBeInstanceOf(AmiFieldLimitError);
    expect((error as AmiFieldLimitError).limit).toBe(4);
    expect((error as Error).message).toContain("maxPacketFields");
    expect((error as Error).message).toContain("4");
    expect((error as Error).message.length).toBeLessThan(120);
  });

  it("fails as soon as the line past the limit arrives, before the packet ends", () => {
    const decoder = new AmiDecoder({ maxPacketFields: 10 });
    expect(decoder.push(utf8(`Event: Long\r\n${"k: v\r\n".repeat(9)}`))).toEqual([]);
    const error = pushError(decoder, utf8("k: v\r\n"));
    expect(error).toBeInstanceOf(AmiFieldLimitError);
    expect(decoder.bufferedBytes).toBe(0);
    expect(pushError(decoder, utf8("\r\n"))).toBeInstanceOf(AmiProtocolError);
  });

  it("stops a packet of millions of two-byte lines after the limit, without decoding the rest", () => {
    // The hostile packet of issue 11: 4 MiB of `a\n`, two million fields under the byte limit.
    const hostile = utf8(`Event: Big\r\n${"a\n".repeat(2_000_000)}\r\n`);
    const decoder = new AmiDecoder({ maxPacketFields: 1000 });
    const error = pushError(decoder, hostile);
    expect(error).toBeInstanceOf(AmiFieldLimitError);
  });

  it("counts every line of a long packet that spans many pushes and decoding pieces", () => {
    const decoder = new AmiDecoder({ maxPacketFields: 5000 });
    decoder.push(utf8("Event: Long\r\n"));
    let pushed = 1;
    let error: unknown;
    while (error === undefined && pushed < 10_000) {
      try {
        decoder.push(utf8(`Line: ${"v".repeat(40)}\r\n`.repeat(100)));
        pushed += 100;
      } catch (caught) {
        error = caught;
      }
    }
    expect(error).toBeInstanceOf(AmiFieldLimitError);
    // The push that brought line 5001 failed: 1 + 49 × 100 lines were accepted before it.
    expect(pushed).toBe(4901);
  });

  it("counts the output lines of a legacy Command response, blank ones included", () => {
    const body = "Response: Follows\r\nPrivilege: Command\r\nline 1\n\nline 3\n--END COMMAND--\r\n\r\n";
    const [packet] = new AmiDecoder({ maxPacketFields: 5 }).push(utf8(body));
    expect(packet?.output).toEqual(["line 1", "", "line 3"]);
    expect(pushError(new AmiDecoder({ maxPacketFields: 4 }), utf8(body))).toBeInstanceOf(AmiFieldLimitError);
  });

  it("does not count the greeting or the blank lines between packets", () => {
    const decoder = new AmiDecoder({ expectGreeting: true, maxPacketFields: 2 });
    const packets = decoder.push(
      utf8("Asterisk Call Manager/11.0.0\r\n\r\n\r\nEvent: A\r\nB: 1\r\n\r\n\r\nEvent: C\r\nD: 2\r\n\r\n"),
    );
    expect(packets.map((packet) => packet.name)).toEqual(["Asterisk Call Manager/11.0.0", "A", "C"]);
  });

  it("hands over the packets completed before the offending one in the same push", () => {
    const decoder = new AmiDecoder({ maxPacketFields: 3 });
    const error = pushError(
      decoder,
      utf8("Event: A\r\nK: 1\r\n\r\nEvent: B\r\n\r\nEvent: C\r\n1\r\n2\r\n3\r\n\r\n"),
    );
    expect(error).toBeInstanceOf(AmiFieldLimitError);
    const packets = (error as AmiFieldLimitError).packets;
    expect(packets.map((packet) => packet.name)).toEqual(["A", "B"]);
    expect(packets[0]?.get("k")).toBe("1");
  });

  it("rejects a maxPacketFields below 1 or not a number", () => {
    for (const bad of [0, -5, Number.NaN]) {
      expect(() => new AmiDecoder({ maxPacketFields: bad })).toThrow(RangeError);
    }
  });
});

/** `gc()` for the memory test: V8 exposes it to a new context once the flag is set at run time. */
function exposedGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

function memoryInUse(gc: () => void): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

describe("AmiDecoder memory per packet", () => {
  it("holds a 1 MiB packet of two-byte lines in a small multiple of its bytes (it took 36 MiB before)", () => {
    const gc = exposedGc();
    const size = 1024 * 1024;
    const bytes = utf8(`Event: Big\r\n${"a\n".repeat((size - 14) / 2)}\r\n`);
    const decoder = new AmiDecoder({ maxPacketFields: size });
    const before = memoryInUse(gc);
    const kept: AmiPacket[] = [];
    for (let at = 0; at < bytes.length; at += 65_536)
      kept.push(...decoder.push(bytes.subarray(at, at + 65_536)));
    const cost = memoryInUse(gc) - before;
    expect(kept).toHaveLength(1);
    expect(kept[0]?.get("a")).toBe("");
    // Its text (1 MiB) and 16 bytes of line positions per two-byte line (8 MiB): 9 MiB, measured.
    expect(cost).toBeLessThan(12 * size);
    expect(kept[0]?.toObject().a).toHaveLength((size - 14) / 2);
  });

  it("keeps nothing of huge packets once they are dropped, even after toObject() and fields", () => {
    const gc = exposedGc();
    const before = memoryInUse(gc);
    for (let name = 0; name < 40; name++) {
      // 40 event names, each with 10 000 distinct keys: the per-name key cache must not keep them.
      const lines = Array.from({ length: 10_000 }, (_, i) => `Key${name}x${i}: v\r\n`).join("");
      const [packet] = new AmiDecoder().push(utf8(`Event: Wide${name}\r\n${lines}\r\n`));
      expect(Object.keys(packet?.toObject() ?? {})).toHaveLength(10_001);
      expect(packet?.fields).toHaveLength(10_001);
    }
    // 400 000 distinct keys were built; keeping their names cost 17 MiB (measured). What stays now is
    // about 2 MiB however many packets there were (compiled code and the like).
    expect(memoryInUse(gc) - before).toBeLessThan(6 * 1024 * 1024);
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

function run(chunks: readonly Uint8Array[], maxPacketBytes: number, maxPacketFields?: number): Outcome {
  const decoder = new AmiDecoder(
    maxPacketFields === undefined ? { maxPacketBytes } : { maxPacketBytes, maxPacketFields },
  );
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
    if (error instanceof AmiFieldLimitError) packets.push(...error.packets);
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

describe("AmiDecoder on random bytes with a field limit", () => {
  it("gives the same packets and error for any split, and no packet over the limit", () => {
    fc.assert(
      fc.property(
        noisyBytes,
        fc.array(fc.nat({ max: 400 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 12 }),
        (bytes, offsets, maxPacketFields) => {
          const whole = run([bytes], 1000, maxPacketFields);
          const split = run(splitAt(bytes, offsets), 1000, maxPacketFields);
          expect(split).toEqual(whole);
          for (const packet of whole.packets) {
            expect(packet.fields.length + (packet.output?.length ?? 0)).toBeLessThanOrEqual(maxPacketFields);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
