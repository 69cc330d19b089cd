// The members the remote client shares with the direct client beyond action/list/command/originate:
// events() and lagged$, action$, list$ and send, against a real nats-server and a relay.
import { AmiAbortError, AmiEventOverflowError, AmiValidationError } from "@amikit/client";
import type { FakeAsterisk, FakeFields } from "@amikit/testing";
import { createFakeAsterisk } from "@amikit/testing";
import type { NatsConnection } from "@nats-io/transport-node";
import { firstValueFrom, lastValueFrom, take, toArray } from "rxjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AmiActionNotAllowedError, type AmiRemoteClient, createRemoteClient } from "./index.ts";
import type { Relay } from "./relay.ts";
import {
  allConnected,
  fakeServerConfig,
  natsConnect,
  natsServerAvailable,
  relayOver,
  TestNatsServer,
  waitFor,
} from "./test-support/harness.ts";

const named = (name: string, n: number): FakeFields => [
  ["Event", name],
  ["N", String(n)],
];

describe.skipIf(!natsServerAvailable())("remote client: events(), action$, list$, send", () => {
  let server: TestNatsServer;
  let nats: NatsConnection;
  let relay: Relay;
  let readOnly: FakeAsterisk;
  let readWrite: FakeAsterisk;

  beforeAll(async () => {
    server = await TestNatsServer.start();
    nats = await natsConnect(server.url);
    readOnly = createFakeAsterisk();
    readWrite = createFakeAsterisk();
    for (const fake of [readOnly, readWrite]) {
      fake.handle("Getvar", (request) => ({
        Response: "Success",
        Variable: request.get("Variable") ?? "",
        Value: `value-of-${request.get("Variable")}`,
      }));
      fake.handle("QueueStatus", (request) => {
        request.list(
          [
            { Event: "QueueParams", Queue: "sales" },
            { Event: "QueueMember", Queue: "sales", Name: "alice" },
            { Event: "QueueMember", Queue: "sales", Name: "bob" },
          ],
          { complete: "QueueStatusComplete" },
        );
        return undefined;
      });
      fake.handle("CoreStatus", () => undefined); // never answered
    }
    relay = await relayOver(
      nats,
      { ro: readOnly, rw: readWrite },
      {
        servers: [
          fakeServerConfig("ro", { host: "ro" }),
          fakeServerConfig("rw", { host: "rw", allow: ["*"] }),
        ],
      },
    );
    await allConnected(relay);
    await relay.idle();
  });

  afterAll(async () => {
    await relay?.close();
    await nats?.close();
    await readOnly?.close();
    await readWrite?.close();
    await server?.dispose();
  });

  /** Emits `events` on the ro server and waits until `remote` has them all on events$. */
  async function emitAll(remote: AmiRemoteClient, events: readonly FakeFields[]): Promise<void> {
    let seen = 0;
    const counting = remote.events$.subscribe(() => seen++);
    for (const fields of events) readOnly.emit(fields);
    await waitFor(() => seen >= events.length, 20_000, `${events.length} events`);
    counting.unsubscribe();
  }

  it("events(): filters by name and drops the oldest, counting each drop on lagged$", async () => {
    const remote = await createRemoteClient({ nats, server: "ro" });
    const lagged: { dropped: number; total: number }[] = [];
    remote.lagged$.subscribe((report) => lagged.push(report));
    const reader = remote.events({ size: 3, overflow: "drop-oldest", names: ["hangup"] });
    const events: FakeFields[] = [];
    for (let n = 1; n <= 5; n++) events.push(named("Newchannel", n), named("Hangup", n));
    await emitAll(remote, events);
    expect(reader.buffered).toBe(3);
    expect(reader.dropped).toBe(2);
    expect(lagged).toEqual([
      { dropped: 1, total: 1 },
      { dropped: 1, total: 2 },
    ]);
    const got: unknown[] = [];
    for (let i = 0; i < 3; i++) got.push((await reader.next()).value);
    expect(got).toEqual([3, 4, 5].map((n) => ({ Event: "Hangup", N: String(n) })));
    reader.close();
    await remote.close();
  });

  it('events(): overflow "error" (eventBuffer default) yields what it holds, then AmiEventOverflowError', async () => {
    const remote = await createRemoteClient({ nats, server: "ro", eventBuffer: { size: 2 } });
    const reader = remote.events();
    await emitAll(
      remote,
      [1, 2, 3, 4].map((n) => named("Overflow", n)),
    );
    const got: unknown[] = [];
    const error = await (async () => {
      for await (const event of reader) got.push(event.N);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AmiEventOverflowError);
    expect(error).toMatchObject({ limit: 2 });
    expect(got).toEqual(["1", "2"]);
    await remote.close();
  });

  it("events(): an abort ends the reader; close() ends every reader and lagged$", async () => {
    const remote = await createRemoteClient({ nats, server: "ro" });
    const controller = new AbortController();
    const aborted = remote.events({ signal: controller.signal });
    const waiting = aborted.next();
    controller.abort();
    expect(await waiting).toEqual({ value: undefined, done: true });

    const reader = remote.events();
    let laggedEnded = false;
    remote.lagged$.subscribe({ complete: () => (laggedEnded = true) });
    await emitAll(remote, [named("BeforeClose", 1)]);
    const pending = (async () => {
      const got: unknown[] = [];
      for await (const event of reader) got.push(event.N);
      return got;
    })();
    await remote.close();
    expect(await pending).toEqual(["1"]);
    expect(laggedEnded).toBe(true);
    expect(await remote.events().next()).toEqual({ value: undefined, done: true });
  });

  it("events(): refuses bad options with the direct client's AmiValidationError", async () => {
    const remote = await createRemoteClient({ nats, server: "ro", events: false });
    expect(() => remote.events({ size: 0 })).toThrow(AmiValidationError);
    expect(() => remote.events({ size: 0 })).toThrow("events(): size must be an integer >= 1");
    expect(() => remote.events({ overflow: "newest" as "error" })).toThrow(AmiValidationError);
    await remote.close();
    await expect(createRemoteClient({ nats, server: "ro", eventBuffer: { size: -1 } })).rejects.toThrow(
      "createRemoteClient(): eventBuffer.size must be an integer >= 1",
    );
  });

  it("action$ is cold: one request per subscription, none before", async () => {
    const remote = await createRemoteClient({ nats, server: "ro", events: false });
    const getvars = () => readOnly.received.filter((action) => action.name === "Getvar").length;
    const before = getvars();
    const answer$ = remote.action$("Getvar", { Variable: "cold" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(getvars()).toBe(before);
    expect(await lastValueFrom(answer$.pipe(toArray()))).toEqual([
      expect.objectContaining({ Variable: "cold", Value: "value-of-cold" }),
    ]);
    expect(await firstValueFrom(answer$)).toMatchObject({ Value: "value-of-cold" });
    expect(getvars()).toBe(before + 2);
    await remote.close();
  });

  it("action$: unsubscribing abandons the action quietly; the caller's signal rejects with AmiAbortError", async () => {
    const remote = await createRemoteClient({ nats, server: "ro", events: false });
    const coreStatus = () => readOnly.received.filter((action) => action.name === "CoreStatus").length;
    const before = coreStatus();
    const seen: string[] = [];
    const subscription = remote.action$("CoreStatus", undefined, { timeout: 200 }).subscribe({
      next: () => seen.push("next"),
      error: (error: Error) => seen.push(error.name),
      complete: () => seen.push("complete"),
    });
    await waitFor(() => coreStatus() === before + 1, 5_000, "CoreStatus at the fake");
    subscription.unsubscribe();
    // Past the action's timeout and the reply grace: nothing reaches the unsubscribed observer.
    await new Promise((resolve) => setTimeout(resolve, 1_400));
    expect(seen).toEqual([]);
    expect(coreStatus()).toBe(before + 1);

    const controller = new AbortController();
    const aborted = firstValueFrom(remote.action$("CoreStatus", undefined, { signal: controller.signal }));
    await waitFor(() => coreStatus() === before + 2, 5_000, "the second CoreStatus at the fake");
    const started = Date.now();
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AmiAbortError);
    expect(Date.now() - started).toBeLessThan(1_000); // not the 10 s action timeout
    await remote.close();
  });

  it("list$ emits the list's items in order, then completes; a non-list answer completes empty", async () => {
    const remote = await createRemoteClient({ nats, server: "ro", events: false });
    const items = await lastValueFrom(remote.list$("QueueStatus").pipe(toArray()));
    expect(items.map((item) => [item.Event, (item as Record<string, unknown>).Name])).toEqual([
      ["QueueParams", undefined],
      ["QueueMember", "alice"],
      ["QueueMember", "bob"],
    ]);
    expect(await lastValueFrom(remote.list$("QueueStatus").pipe(take(1), toArray()))).toHaveLength(1);
    expect(await lastValueFrom(remote.list$("Ping").pipe(toArray()))).toEqual([]);
    await remote.close();
  });

  it("send() sends the fields as given (its ActionID too) through the relay", async () => {
    const remote = await createRemoteClient({ nats, server: "rw", events: false });
    const answer = await remote.send({ Action: "Getvar", Variable: "generic", ActionID: "mine-1" });
    expect(answer).toMatchObject({ Response: "Success", Value: "value-of-generic", ActionID: "mine-1" });
    const sent = readWrite.received.filter((action) => action.name === "Getvar").at(-1);
    expect(sent?.packet.fields).toEqual([
      ["Action", "Getvar"],
      ["ActionID", "mine-1"],
      ["Variable", "generic"],
    ]);
    await expect(remote.send({ Variable: "x" })).rejects.toThrow(
      "send(): fields must hold a non-empty string `Action`",
    );
    await expect(remote.send({ Variable: "x" })).rejects.toBeInstanceOf(AmiValidationError);
    await remote.close();
  });

  it("send() is refused by the allow-list with the same error as action(), and sends nothing", async () => {
    const remote = await createRemoteClient({ nats, server: "ro", events: false });
    const viaAction = await remote
      .action("Hangup", { Channel: "PJSIP/a-1" })
      .catch((error: unknown) => error);
    const viaSend = await remote
      .send({ Action: "hangup", Channel: "PJSIP/a-1" })
      .catch((error: unknown) => error);
    expect(viaAction).toBeInstanceOf(AmiActionNotAllowedError);
    expect(viaSend).toBeInstanceOf(AmiActionNotAllowedError);
    expect(viaSend).toMatchObject({ server: "ro", action: "hangup" });
    expect((viaSend as Error).message.toLowerCase()).toBe((viaAction as Error).message.toLowerCase());
    // A hand-made request cannot smuggle another action past the check in its parameters.
    const reply = await nats.request(
      "ami.ro.action",
      JSON.stringify({ kind: "send", action: "Ping", params: { Action: "Hangup", Channel: "PJSIP/a-1" } }),
    );
    expect(reply.json()).toMatchObject({ ok: true, value: { Ping: "Pong" } });
    expect(readOnly.received.map((action) => action.name)).not.toContain("Hangup");
    await remote.close();
  });
});
