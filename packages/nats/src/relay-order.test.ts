import type { FakeAsterisk } from "@amikit/testing";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteClient, type RemoteEventPacket } from "./index.ts";
import type { Relay } from "./relay.ts";
import {
  allConnected,
  fakeServer,
  natsConnect,
  natsServerAvailable,
  relayOver,
  TestNatsServer,
  testEventBytes,
  testEventFields,
  waitFor,
} from "./test-support/harness.ts";

// 105 000 events in all by default (about 30 s on 2 cores); AMIKIT_NATS_EVENTS=333334 runs the million.
const EVENTS_PER_SERVER = Number(process.env.AMIKIT_NATS_EVENTS ?? 35_000);
const SERVERS = ["pbx-a", "pbx-b", "pbx-c"];

describe.skipIf(!natsServerAvailable())("relay: order and completeness", () => {
  let server: TestNatsServer;
  let nats: NatsConnection;
  let relay: Relay;
  const fakes: Record<string, FakeAsterisk> = {};

  beforeAll(async () => {
    server = await TestNatsServer.start();
    nats = await natsConnect(server.url);
    for (const name of SERVERS) fakes[name] = fakeServer();
    relay = await relayOver(nats, fakes);
    await allConnected(relay);
  });

  afterAll(async () => {
    await relay?.close();
    await nats?.close();
    for (const fake of Object.values(fakes)) await fake.close();
    await server?.dispose();
  });

  it(`stores ${EVENTS_PER_SERVER} events from each of ${SERVERS.length} servers once, in order, byte-identical, for two consumers`, async () => {
    const consumers = await Promise.all(
      SERVERS.flatMap((name) => [
        createRemoteClient({ nats, server: name }),
        createRemoteClient({ nats, server: name, durable: `order-${name}` }),
      ]),
    );
    const seen = consumers.map(() => ({ count: 0, mismatches: 0, outOfOrder: 0 }));
    consumers.forEach((consumer, index) => {
      const tally = seen[index] as (typeof seen)[number];
      let lastSequence: number | undefined;
      consumer.packets$.subscribe((event: RemoteEventPacket) => {
        const n = tally.count + 1;
        // Sequence numbers go up by one within the epoch (the login's own events came first).
        if (lastSequence !== undefined && event.sequence !== lastSequence + 1) tally.outOfOrder++;
        lastSequence = event.sequence;
        const expected = testEventBytes(consumer.server, n);
        if (!bytesEqual(event.payload, expected)) tally.mismatches++;
        tally.count = n;
      });
    });
    for (let n = 1; n <= EVENTS_PER_SERVER; n++) {
      for (const name of SERVERS) (fakes[name] as FakeAsterisk).emit(testEventFields(name, n));
      if (n % 1_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => seen.every((tally) => tally.count >= EVENTS_PER_SERVER), 600_000, "every event");
    // A moment for anything extra (a duplicate) to show up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const tally of seen) {
      expect(tally).toEqual({ count: EVENTS_PER_SERVER, mismatches: 0, outOfOrder: 0 });
    }
    for (const name of SERVERS) expect(relay.counters(name)).toMatchObject({ dropped: 0, buffered: 0 });
    await Promise.all(consumers.map((consumer) => consumer.close()));
  }, 900_000);

  it("keeps a packet's fields in wire order, repeated headers interleaved, as typed event objects too", async () => {
    const consumer = await createRemoteClient({ nats, server: "pbx-a" });
    const packet = new Promise<RemoteEventPacket>((resolve) => consumer.packets$.subscribe(resolve));
    const event = new Promise((resolve) => consumer.on("VarSet").subscribe(resolve));
    (fakes["pbx-a"] as FakeAsterisk).emit(testEventFields("pbx-a", 1));
    expect((await packet).packet.fields).toEqual(testEventFields("pbx-a", 1));
    expect(await event).toMatchObject({ Event: "VarSet", Variable: ["A=1", "B=x: y"], Counter: "1" });
    await consumer.close();
  });
});

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
