import { createFakeAsterisk, type FakeAsterisk } from "@amikit/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRemoteClient } from "./index.ts";
import type { Relay } from "./relay.ts";
import type { RelayStatus } from "./status.ts";
import {
  allConnected,
  counters,
  fakeServerConfig,
  natsConnect,
  natsServerAvailable,
  range,
  readStream,
  relayOver,
  statuses,
  TestNatsServer,
  testEventFields,
  waitFor,
} from "./test-support/harness.ts";
import { PausingProxy } from "./test-support/pausing-proxy.ts";

/** Emits test events `from … to` on `fake`. */
function emitRange(fake: FakeAsterisk, server: string, from: number, to: number): void {
  for (let n = from; n <= to; n++) fake.emit(testEventFields(server, n));
}

describe.skipIf(!natsServerAvailable())("relay: faults", () => {
  let server: TestNatsServer;
  let nats: NatsConnection;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    server = await TestNatsServer.start();
    nats = await natsConnect(server.url);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await nats?.close();
    await server?.dispose();
  });

  async function relayFor(name: string, fake: FakeAsterisk, bufferSize?: number): Promise<Relay> {
    const relay = await relayOver(
      nats,
      { [name]: fake },
      {
        servers: [fakeServerConfig(name, { host: name })],
        ...(bufferSize === undefined ? {} : { bufferSize }),
      },
    );
    cleanups.push(() => relay.close(1_000));
    await allConnected(relay);
    return relay;
  }

  function fake(): FakeAsterisk {
    const created = createFakeAsterisk();
    cleanups.push(() => created.close());
    return created;
  }

  it("NATS stopped and restarted within the buffer: nothing lost, nothing repeated, no gap marker", async () => {
    const pbx = fake();
    const relay = await relayFor("within", pbx, 10_000);
    emitRange(pbx, "within", 1, 500);
    await relay.idle();
    await server.stop();
    emitRange(pbx, "within", 501, 2_500);
    await waitFor(() => relay.counters("within").buffered >= 2_000, 45_000, "events buffered");
    await server.restart();
    emitRange(pbx, "within", 2_501, 3_000);
    await relay.idle();
    expect(relay.counters("within").dropped).toBe(0);
    const entries = await readStream(nats, "within", 3_000);
    expect(counters(entries)).toEqual(range(1, 3_000));
    expect(statuses(entries).filter((status) => status.status === "gap")).toEqual([]);
  });

  it("NATS down beyond the buffer: the overflow is dropped and counted, and exactly one gap marker stored", async () => {
    const pbx = fake();
    const relay = await relayFor("beyond", pbx, 100);
    emitRange(pbx, "beyond", 1, 50);
    await relay.idle();
    await server.stop();
    emitRange(pbx, "beyond", 51, 400); // 100 fit, 250 are dropped
    const { counters: seen } = { counters: () => relay.counters("beyond") };
    await waitFor(() => seen().dropped + seen().buffered >= 350, 45_000, "events read while NATS is down");
    expect(relay.counters("beyond")).toMatchObject({ dropped: 250, buffered: 100 });
    await server.restart();
    await waitFor(() => seen().buffered === 0, 45_000, "the buffer drained");
    emitRange(pbx, "beyond", 401, 420);
    await waitFor(() => seen().published >= 174, 45_000, "the rest stored");
    const entries = await readStream(nats, "beyond", 170 + 2);
    expect(counters(entries)).toEqual([...range(1, 150), ...range(401, 420)]);
    const gaps = statuses(entries).filter((status) => status.status === "gap");
    expect(gaps).toHaveLength(1);
    const gap = gaps[0] as RelayStatus & { lastSequence: number };
    expect(gap).toMatchObject({ reason: "buffer-overflow", dropped: 250, epoch: 1 });
    // The gap marker sits right after the last stored event before the drop.
    const gapIndex = entries.findIndex((entry) => entry.kind === "status" && entry.status.status === "gap");
    const before = entries[gapIndex - 1];
    expect(before).toMatchObject({ kind: "event", counter: "150", sequence: gap.lastSequence });
    expect(entries[gapIndex + 1]).toMatchObject({
      kind: "event",
      counter: "401",
      sequence: gap.lastSequence + 251,
    });
  });

  it("the relay killed and restarted: a relay-restart gap marker for the window, a new epoch, nothing repeated", async () => {
    const pbx = fake();
    const first = await relayFor("crash", pbx);
    emitRange(pbx, "crash", 1, 200);
    await first.idle();
    await first.abandon(); // no "stopped" status: as if the process died
    emitRange(pbx, "crash", 201, 250); // nobody relays these
    const second = await relayFor("crash", pbx);
    emitRange(pbx, "crash", 251, 300);
    await second.idle();
    const entries = await readStream(nats, "crash", 250 + 4);
    expect(counters(entries)).toEqual([...range(1, 200), ...range(251, 300)]);
    const markers = statuses(entries);
    const lastOfFirst = entries.filter((entry) => entry.kind === "event" && entry.epoch === 1).at(-1);
    expect(markers.map((status) => status.status)).toEqual(["connected", "gap", "connected"]);
    expect(markers[1]).toMatchObject({
      reason: "relay-restart",
      epoch: 1,
      lastSequence: lastOfFirst?.kind === "event" ? lastOfFirst.sequence : -1,
    });
    expect(markers[2]).toMatchObject({ status: "connected", epoch: 2 });
  });

  it("acks lost while JetStream stored the events: the relay re-sends, duplicates are dropped, the stream stays exact", async () => {
    const proxy = await PausingProxy.start(server.port);
    cleanups.push(() => proxy.close());
    const proxied = await natsConnect(proxy.url);
    cleanups.push(() => proxied.close());
    const pbx = fake();
    const relay = await relayOver(
      proxied,
      { lostacks: pbx },
      { servers: [fakeServerConfig("lostacks", { host: "lostacks" })], publishTimeout: 300 },
    );
    cleanups.push(() => relay.close(1_000));
    await allConnected(relay);
    emitRange(pbx, "lostacks", 1, 100);
    await relay.idle();
    proxy.pause(); // publishes still arrive and are stored; their acks are held back
    emitRange(pbx, "lostacks", 101, 300);
    await waitFor(() => relay.counters("lostacks").failures > 0, 45_000, "a publish to time out");
    await new Promise((resolve) => setTimeout(resolve, 500));
    proxy.resume();
    await relay.idle();
    expect(relay.counters("lostacks").duplicates).toBeGreaterThan(0);
    const entries = await readStream(nats, "lostacks", 300 + 3);
    expect(counters(entries)).toEqual(range(1, 300));
    expect(statuses(entries).map((status) => status.status)).toEqual(["connected"]);
  });

  it("a re-publish of a stored event (same Nats-Msg-Id) is dropped by JetStream as a duplicate", async () => {
    const pbx = fake();
    const relay = await relayFor("dedupe", pbx);
    emitRange(pbx, "dedupe", 1, 5);
    await relay.idle();
    const jsm = await jetstreamManager(nats);
    const before = (await jsm.streams.info("AMI_dedupe")).state.messages;
    const stored = await jsm.streams.getMessage("AMI_dedupe", { seq: before });
    const epoch = stored?.header.get("Ami-Epoch");
    const sequence = stored?.header.get("Ami-Sequence");
    const ack = await jetstream(nats).publish(stored?.subject ?? "", stored?.data, {
      msgID: `dedupe.${epoch}.${sequence}`,
    });
    expect(ack.duplicate).toBe(true);
    expect((await jsm.streams.info("AMI_dedupe")).state.messages).toBe(before);
  });

  it("an Asterisk connection dropped and restored: reconnecting, a gap marker, connected with a new epoch", async () => {
    const pbx = fake();
    const relay = await relayFor("drop", pbx);
    const remote = await createRemoteClient({ nats, server: "drop" });
    cleanups.push(() => remote.close());
    const states: string[] = [];
    remote.state$.subscribe((state) => states.push(state.status));
    const markers: RelayStatus[] = [];
    remote.markers$.subscribe((status) => markers.push(status));
    emitRange(pbx, "drop", 1, 20);
    await relay.idle();
    pbx.drop();
    await waitFor(() => relay.lastStatus("drop")?.status === "reconnecting", 45_000, "reconnecting");
    await allConnected(relay);
    emitRange(pbx, "drop", 21, 30);
    await relay.idle();
    await waitFor(() => markers.length >= 3, 45_000, "three markers");
    expect(markers.map((status) => status.status)).toEqual(["reconnecting", "gap", "connected"]);
    expect(markers[0]).toMatchObject({ epoch: 1 });
    expect(markers[1]).toMatchObject({
      reason: "asterisk-reconnect",
      epoch: 1,
      lastSequence: (markers[0] as { lastSequence: number }).lastSequence,
    });
    expect(markers[2]).toMatchObject({ epoch: 2 });
    expect(states).toEqual(["connected", "reconnecting", "reconnecting", "connected"]);
  });

  it("a durable consumer stopped mid-stream and started again resumes exactly where it stopped", async () => {
    const pbx = fake();
    const relay = await relayFor("durable", pbx);
    const seen: number[] = [];
    const consume = async () => {
      const remote = await createRemoteClient({
        nats,
        server: "durable",
        durable: "resume-test",
        deliver: "all",
      });
      remote.packets$.subscribe((event) => {
        const counter = event.packet.get("Counter");
        if (counter !== undefined) seen.push(Number(counter));
      });
      return remote;
    };
    let remote = await consume();
    emitRange(pbx, "durable", 1, 3_000);
    await waitFor(() => seen.length >= 700, 45_000, "first part");
    await remote.close(); // events still in flight to it are not acknowledged
    const stoppedAt = seen.length;
    emitRange(pbx, "durable", 3_001, 4_000);
    await relay.idle();
    remote = await consume();
    await waitFor(() => seen.length >= 4_000, 45_000, "the rest");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await remote.close();
    expect(stoppedAt).toBeLessThan(4_000);
    expect(seen).toEqual(range(1, 4_000));
  });
});
