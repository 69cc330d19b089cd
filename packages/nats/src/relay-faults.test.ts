import { createFakeAsterisk, type FakeAsterisk } from "@amikit/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRemoteClient } from "./index.ts";
import type { RelayStatus } from "./status.ts";
import {
  allConnected,
  counters,
  fakeServerConfig,
  natsConnect,
  natsServerAvailable,
  range,
  readStream,
  relayed,
  relayOver,
  statuses,
  stored,
  TestNatsServer,
  type TestRelay,
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

  // Whatever a case did or where it failed, the next one starts with NATS up and nothing of it left
  // running: the server is restarted first (a no-op when it runs), so relays can store their last
  // status while closing, and the shared connection is back before the next case uses it.
  afterEach(async () => {
    await server.restart();
    await nats.flush();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  afterAll(async () => {
    await nats?.close();
    await server?.dispose();
  });

  /** Starts a relay for one fake, and waits until its `connected` status is stored. */
  async function relayFor(name: string, fake: FakeAsterisk, bufferSize?: number): Promise<TestRelay> {
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
    await relay.idle();
    return relay;
  }

  /** Waits until the relay's last status for `name` is `connected` in `epoch`. */
  function loggedInAgain(relay: TestRelay, name: string, epoch: number): Promise<void> {
    return waitFor(
      () => {
        const status = relay.lastStatus(name);
        return status?.status === "connected" && status.epoch === epoch;
      },
      45_000,
      `${name} connected in epoch ${epoch}`,
    );
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
    await stored(relay, "within", 500);
    await server.stop();
    emitRange(pbx, "within", 501, 2_500);
    await relayed(relay, "within", 2_500);
    // Every event read while NATS was down is held, none dropped.
    expect(relay.counters("within")).toMatchObject({ buffered: 2_000, dropped: 0 });
    await server.restart();
    emitRange(pbx, "within", 2_501, 3_000);
    await stored(relay, "within", 3_000);
    expect(relay.counters("within")).toMatchObject({ buffered: 0, dropped: 0 });
    const entries = await readStream(nats, "within", 3_000);
    expect(counters(entries)).toEqual(range(1, 3_000));
    expect(statuses(entries).filter((status) => status.status === "gap")).toEqual([]);
  });

  it("NATS down beyond the buffer: the overflow is dropped and counted, and exactly one gap marker stored", async () => {
    const pbx = fake();
    const relay = await relayFor("beyond", pbx, 100);
    emitRange(pbx, "beyond", 1, 50);
    await stored(relay, "beyond", 50); // nothing is waiting when NATS goes
    await server.stop();
    emitRange(pbx, "beyond", 51, 400);
    await relayed(relay, "beyond", 400);
    // The buffer was empty and nothing can be acknowledged: 51…150 fill it, 151…400 are dropped.
    expect(relay.counters("beyond")).toMatchObject({ dropped: 250, buffered: 100 });
    await server.restart();
    await waitFor(() => relay.counters("beyond").buffered === 0, 45_000, "the buffer drained");
    emitRange(pbx, "beyond", 401, 420);
    await stored(relay, "beyond", 420);
    const entries = await readStream(nats, "beyond", 1 + 150 + 1 + 20);
    const events = counters(entries);
    const gaps = statuses(entries).filter((status) => status.status === "gap");
    expect(gaps).toHaveLength(1);
    const gap = gaps[0] as RelayStatus & { lastSequence: number; dropped: number };
    // Whatever the timing: every event produced is stored or counted as dropped, in order, once.
    expect(events.length + gap.dropped).toBe(420);
    expect(gap.dropped).toBe(relay.counters("beyond").dropped);
    expect(events).toEqual([...range(1, 150), ...range(401, 420)]);
    expect(gap).toMatchObject({ reason: "buffer-overflow", dropped: 250, epoch: 1 });
    // The gap marker sits right after the last stored event before the drop.
    const gapIndex = entries.findIndex((entry) => entry.kind === "status" && entry.status.status === "gap");
    expect(entries[gapIndex - 1]).toMatchObject({
      kind: "event",
      counter: "150",
      sequence: gap.lastSequence,
    });
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
    await stored(first, "crash", 200);
    await first.abandon(); // no "stopped" status: as if the process died
    emitRange(pbx, "crash", 201, 250); // nobody relays these
    const second = await relayFor("crash", pbx);
    emitRange(pbx, "crash", 251, 300);
    await stored(second, "crash", 300);
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
    await stored(relay, "lostacks", 100);
    const jsm = await jetstreamManager(nats); // not through the proxy
    const storedBefore = (await jsm.streams.info("AMI_lostacks")).state.messages;
    proxy.pause(); // publishes still arrive and are stored; their acks are held back
    emitRange(pbx, "lostacks", 101, 300);
    // The relay, without the acks, gives up on a publish; and what it sent is in JetStream all the same.
    await waitFor(() => relay.counters("lostacks").failures > 0, 45_000, "a publish to time out");
    await waitFor(
      async () => (await jsm.streams.info("AMI_lostacks")).state.messages > storedBefore,
      45_000,
      "an event stored while its ack is held back",
    );
    proxy.resume();
    await stored(relay, "lostacks", 300);
    // Its re-sends of messages JetStream had already stored came back as duplicates.
    expect(relay.counters("lostacks").duplicates).toBeGreaterThan(0);
    const entries = await readStream(nats, "lostacks", 300 + 3);
    expect(counters(entries)).toEqual(range(1, 300));
    expect(statuses(entries).map((status) => status.status)).toEqual(["connected"]);
  });

  it("a re-publish of a stored event (same Nats-Msg-Id) is dropped by JetStream as a duplicate", async () => {
    const pbx = fake();
    const relay = await relayFor("dedupe", pbx);
    emitRange(pbx, "dedupe", 1, 5);
    await stored(relay, "dedupe", 5); // the stream's last message is event 5
    const jsm = await jetstreamManager(nats);
    const before = (await jsm.streams.info("AMI_dedupe")).state.messages;
    const last = await jsm.streams.getMessage("AMI_dedupe", { seq: before });
    expect(last?.header.get("Ami-Kind")).toBe("event");
    const epoch = last?.header.get("Ami-Epoch");
    const sequence = last?.header.get("Ami-Sequence");
    const ack = await jetstream(nats).publish(last?.subject ?? "", last?.data, {
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
    await stored(relay, "drop", 20);
    pbx.drop();
    // (Not "reconnecting, then connected": the relay may log in again before a poll sees the first.)
    await loggedInAgain(relay, "drop", 2);
    emitRange(pbx, "drop", 21, 30);
    await stored(relay, "drop", 30);
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

  it("an event over the client's maxPacketFields: the relay reads it as the client does, and a gap marker says so", async () => {
    const pbx = fake();
    const relay = await relayOver(
      nats,
      { limits: pbx },
      { servers: [fakeServerConfig("limits", { host: "limits", client: { maxPacketFields: 20 } })] },
    );
    cleanups.push(() => relay.close(1_000));
    await allConnected(relay);
    emitRange(pbx, "limits", 1, 10);
    await stored(relay, "limits", 10);
    const tooMany = testEventFields("limits", 11);
    for (let i = tooMany.length; i <= 20; i++) tooMany.push([`Extra${i}`, "x"]);
    pbx.emit(tooMany); // 21 lines: the client drops the connection, the relay does not store it
    await loggedInAgain(relay, "limits", 2);
    emitRange(pbx, "limits", 12, 20);
    await stored(relay, "limits", 20);
    const entries = await readStream(nats, "limits", 1 + 10 + 3 + 9);
    expect(counters(entries)).toEqual([...range(1, 10), ...range(12, 20)]);
    const markers = statuses(entries);
    expect(markers.map((status) => status.status)).toEqual(["connected", "reconnecting", "gap", "connected"]);
    const lastOfFirst = entries.filter((entry) => entry.kind === "event" && entry.epoch === 1).at(-1);
    expect(markers[2]).toMatchObject({
      reason: "asterisk-reconnect",
      epoch: 1,
      lastSequence: lastOfFirst?.kind === "event" ? lastOfFirst.sequence : -1,
    });
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
    await stored(relay, "durable", 4_000);
    remote = await consume();
    await waitFor(() => seen.length >= 4_000, 45_000, "the rest");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await remote.close();
    expect(stoppedAt).toBeLessThan(4_000);
    expect(seen).toEqual(range(1, 4_000));
  });
});
