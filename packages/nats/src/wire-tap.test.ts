import type { AmiSocketHandlers, AmiTransport } from "@amikit/client";
import { type AmiPacket, encodePacket } from "@amikit/codec";
import { describe, expect, it } from "vitest";
import { tapTransport } from "./wire-tap.ts";

const encoder = new TextEncoder();

/** A transport whose one connection is fed by the test; it records what reached the client. */
function scriptedTransport(): { transport: AmiTransport; feed(bytes: Uint8Array): void; close(): void } {
  let handlers: AmiSocketHandlers | undefined;
  return {
    transport: {
      specificationVersion: "v1",
      name: "scripted",
      async open(_target, given) {
        handlers = given;
        return { write: async () => undefined, close: async () => undefined, secure: false };
      },
    },
    feed: (bytes) => handlers?.onData(bytes),
    close: () => handlers?.onClose(),
  };
}

/** Opens one tapped connection; returns what the tap saw and how many bytes the client got. */
async function tapped(limits: Parameters<typeof tapTransport>[2]) {
  const scripted = scriptedTransport();
  const seen: AmiPacket[] = [];
  let closed = 0;
  let clientBytes = 0;
  const transport = tapTransport(
    scripted.transport,
    () => ({ packet: (packet) => seen.push(packet), closed: () => closed++ }),
    limits,
  );
  await transport.open(
    { host: "127.0.0.1", port: 5038 },
    { onData: (chunk) => (clientBytes += chunk.length), onClose: () => undefined },
  );
  return { ...scripted, seen, closed: () => closed, clientBytes: () => clientBytes };
}

function event(n: number, extraFields = 0): Uint8Array {
  const fields: [string, string][] = [
    ["Event", "VarSet"],
    ["Counter", String(n)],
  ];
  for (let i = 0; i < extraFields; i++) fields.push([`X${i}`, "y"]);
  return encodePacket(fields);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const GREETING = encoder.encode("Asterisk Call Manager/9.0.0\r\n");
const counters = (packets: readonly AmiPacket[]) =>
  packets.filter((packet) => packet.type === "event").map((packet) => packet.get("Counter"));

describe("tapTransport", () => {
  it("reads the greeting as the client does, not as a line of the first packet", async () => {
    const tap = await tapped({});
    tap.feed(concat(GREETING, event(1)));
    expect(tap.seen.map((packet) => packet.type)).toEqual(["greeting", "event"]);
    expect(tap.seen[1]?.fields).toEqual([
      ["Event", "VarSet"],
      ["Counter", "1"],
    ]);
  });

  it("applies the client's maxPacketFields: the packets of the chunk before the one over it are still seen, then none", async () => {
    const tap = await tapped({ maxPacketFields: 10 });
    tap.feed(GREETING);
    const chunk = concat(event(1), event(2, 8), event(3, 9), event(4));
    tap.feed(chunk);
    // Event 2 has exactly 10 lines (allowed); event 3 has 11.
    expect(counters(tap.seen)).toEqual(["1", "2"]);
    tap.feed(event(5));
    expect(counters(tap.seen)).toEqual(["1", "2"]);
    // The client still gets every byte (its own decoder fails the same way and drops the connection).
    expect(tap.clientBytes()).toBe(GREETING.length + chunk.length + event(5).length);
    tap.close();
    expect(tap.closed()).toBe(1);
  });

  it("applies the client's maxPacketBytes the same way", async () => {
    const small = event(1).length;
    const tap = await tapped({ maxPacketBytes: small + 40 });
    tap.feed(GREETING);
    tap.feed(concat(event(1), event(2), event(3, 20), event(4)));
    expect(counters(tap.seen)).toEqual(["1", "2"]);
  });

  it("without limits, decodes a packet of many fields whole", async () => {
    const tap = await tapped({});
    tap.feed(concat(GREETING, event(1, 500), event(2)));
    expect(counters(tap.seen)).toEqual(["1", "2"]);
    expect(tap.seen[1]?.fields).toHaveLength(502);
  });
});
