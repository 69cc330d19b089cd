import { AmiActionError, AmiTimeoutError, AmiValidationError } from "@amikit/client";
import { AmiEncodeError, type AmiFieldValue } from "@amikit/codec";
import { createFakeAsterisk, type FakeAsterisk } from "@amikit/testing";
import type { NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AmiActionNotAllowedError,
  AmiRelayError,
  createRemoteClient,
  defaultAllowedActions,
} from "./index.ts";
import type { Relay } from "./relay.ts";
import {
  allConnected,
  fakeServerConfig,
  natsConnect,
  natsServerAvailable,
  relayOver,
  TestNatsServer,
} from "./test-support/harness.ts";

describe.skipIf(!natsServerAvailable())("relay: actions by request/reply", () => {
  let server: TestNatsServer;
  let nats: NatsConnection;
  let relay: Relay;
  let readOnly: FakeAsterisk;
  let readWrite: FakeAsterisk;

  beforeAll(async () => {
    server = await TestNatsServer.start();
    nats = await natsConnect(server.url);
    readOnly = createFakeAsterisk();
    readWrite = createFakeAsterisk({
      timeScale: 0.01,
      commands: { "core show uptime": ["System uptime: 1 hour", "", "Last reload: 5 minutes"] },
    });
    for (const fake of [readOnly, readWrite]) {
      fake.handle("Getvar", (request) => ({
        Response: "Success",
        Variable: request.get("Variable") ?? "",
        Value: `value-of-${request.get("Variable")}`,
      }));
      fake.handle("QueueStatus", (request) => {
        request.list(
          [
            { Event: "QueueParams", Queue: "sales", Max: "0" },
            [
              ["Event", "QueueMember"],
              ["Queue", "sales"],
              ["Name", "alice"],
              ["Variable", "a=1"],
              ["Status", "1"],
              ["Variable", "b=2"],
            ],
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
    await relay.idle(); // the connected statuses are stored
  });

  afterAll(async () => {
    await relay?.close();
    await nats?.close();
    await readOnly?.close();
    await readWrite?.close();
    await server?.dispose();
  });

  it("answers an allowed action, and refuses one off the allow-list with a typed error without sending it", async () => {
    const remote = await createRemoteClient({ nats, server: "ro", events: false });
    expect(remote.state).toMatchObject({ status: "connected", relay: { status: "connected", server: "ro" } });
    expect((await remote.action("Ping")).Ping).toBe("Pong");
    const refused = remote.originate({ Channel: "Local/echo@test", Application: "Echo" });
    await expect(refused).rejects.toBeInstanceOf(AmiActionNotAllowedError);
    await expect(refused).rejects.toMatchObject({ action: "Originate", server: "ro" });
    await expect(remote.command("core show uptime")).rejects.toBeInstanceOf(AmiActionNotAllowedError);
    expect(readOnly.received.map((action) => action.name)).not.toContain("Originate");
    expect(readOnly.received.map((action) => action.name)).not.toContain("Command");
    expect(defaultAllowedActions()).toContain("CoreShowChannels");
    expect(defaultAllowedActions()).not.toContain("Originate");
    await remote.close();
  });

  it("sends Map and bigint parameters as the direct client writes them, and refuses a bad value before sending", async () => {
    const remote = await createRemoteClient({ nats, server: "rw", events: false });
    const big = 2n ** 70n;
    // Values the codec (and so the direct client) accepts; the typed action signature may not list them.
    const params: Record<string, AmiFieldValue> = {
      Variable: "mapped",
      Codecs: new Map([
        ["b", "2"],
        ["a", "1=x"],
      ]),
      Big: big,
    };
    const answer = await remote.action("Getvar", params as never);
    expect(answer).toMatchObject({ Variable: "mapped", Value: "value-of-mapped" });
    const sent = readWrite.received.filter((action) => action.name === "Getvar").at(-1);
    const fields = sent?.packet.fields.filter(([key]) => key !== "ActionID");
    expect(fields).toEqual([
      ["Action", "Getvar"],
      ["Variable", "mapped"],
      ["Codecs", "b=2"],
      ["Codecs", "a=1=x"],
      ["Big", big.toString()],
    ]);
    const before = readWrite.received.length;
    await expect(
      remote.action("Getvar", { Variable: "v", When: new Date() } as never),
    ).rejects.toBeInstanceOf(AmiEncodeError);
    await expect(
      remote.originate({
        Channel: "Local/1@test",
        Application: "Echo",
        Variable: new Map([["A", "\r\n"]]),
      } as never),
    ).rejects.toBeInstanceOf(AmiValidationError);
    await expect(remote.action("Ping")).resolves.toMatchObject({ Ping: "Pong" });
    expect(readWrite.received.slice(before).map((action) => action.name)).toEqual(["Ping"]);
    await remote.close();
  });

  it("reports Asterisk's error answer as AmiActionError", async () => {
    const remote = await createRemoteClient({ nats, server: "rw", events: false });
    const failing = remote.action("Hangup", { Channel: "PJSIP/nobody-00000001" });
    await expect(failing).rejects.toBeInstanceOf(AmiActionError);
    await expect(failing).rejects.toMatchObject({ action: "Hangup", response: { Response: "Error" } });
    await remote.close();
  });

  it("honours the caller's timeout with a typed AmiTimeoutError and never retries", async () => {
    const remote = await createRemoteClient({ nats, server: "ro", events: false });
    const before = readOnly.received.filter((action) => action.name === "CoreStatus").length;
    const started = Date.now();
    const late = remote.action("CoreStatus", undefined, { timeout: 300 });
    await expect(late).rejects.toBeInstanceOf(AmiTimeoutError);
    await expect(late).rejects.toMatchObject({ timeout: 300, action: "CoreStatus" });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5_000); // the caller's 300 ms, not the 10 s default
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readOnly.received.filter((action) => action.name === "CoreStatus").length).toBe(before + 1);
    await remote.close();
  });

  it("fails with AmiRelayError when no relay serves the server", async () => {
    const remote = await createRemoteClient({ nats, server: "nobody", events: false });
    await expect(remote.action("Ping")).rejects.toBeInstanceOf(AmiRelayError);
    await remote.close();
  });

  it("returns a list whole: answer, every item with repeated headers, the closing event", async () => {
    const remote = await createRemoteClient({ nats, server: "ro", events: false });
    const result = await remote.list("QueueStatus");
    expect(result.response).toMatchObject({ Response: "Success", EventList: "start" });
    expect(result.events.map((event) => [event.Event, (event as Record<string, unknown>).Name])).toEqual([
      ["QueueParams", undefined],
      ["QueueMember", "alice"],
      ["QueueMember", "bob"],
    ]);
    expect(result.events[1]).toMatchObject({ Variable: ["a=1", "b=2"], Status: "1" });
    expect(result.complete).toMatchObject({ Event: "QueueStatusComplete", ListItems: "3" });
    await remote.close();
  });

  it("returns Command output whole (blank lines included) and runs an allowed Originate once", async () => {
    const remote = await createRemoteClient({ nats, server: "rw", events: false });
    expect(await remote.command("core show uptime")).toEqual([
      "System uptime: 1 hour",
      "",
      "Last reload: 5 minutes",
    ]);
    const answered = await remote.originate({ Channel: "Local/echo@test", Application: "Echo" });
    expect(answered).toMatchObject({ Event: "OriginateResponse", Response: "Success" });
    expect(readWrite.received.filter((action) => action.name === "Originate")).toHaveLength(1);
    await remote.close();
  });

  it("gives each of 1000 concurrent actions from several remote clients its own answer", async () => {
    const remotes = await Promise.all(
      [0, 1, 2, 3].map(() => createRemoteClient({ nats, server: "ro", events: false })),
    );
    const answers = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) =>
        (remotes[i % remotes.length] as (typeof remotes)[number]).action("Getvar", { Variable: `v${i}` }),
      ),
    );
    answers.forEach((answer, i) => {
      expect(answer).toMatchObject({ Variable: `v${i}`, Value: `value-of-v${i}` });
    });
    await Promise.all(remotes.map((remote) => remote.close()));
  });
});
