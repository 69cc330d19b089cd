import { lastValueFrom } from "rxjs";
import { describe, expect, it } from "vitest";
import { AmiConnectionError, AmiQueueFullError, AmiValidationError } from "./errors.ts";
import { connected, until } from "./test-support/harness.ts";

describe('per-action whenDisconnected: "queue" | "fail"', () => {
  it('"fail" rejects at once while reconnecting, for every action method, and sends nothing later', async () => {
    const { fake, client } = await connected(); // offlineQueue on (the default)
    fake.connectionMode = "refuse";
    fake.drop();
    await until(() => client.state.status === "reconnecting", "reconnecting");
    const fail = { whenDisconnected: "fail" } as const;
    const attempts: Promise<unknown>[] = [
      client.action("Ping", {}, fail),
      lastValueFrom(client.action$("Ping", {}, fail)),
      client.list("CoreShowChannels", {}, fail),
      lastValueFrom(client.list$("CoreShowChannels", {}, fail)),
      client.command("core show uptime", fail),
      client.send({ Action: "Ping" }, fail),
      client.originate({ Channel: "Local/echo@test", Application: "Echo" }, fail),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AmiConnectionError);
      expect((error as Error).message).toMatch(/whenDisconnected is "fail"/);
    }
    expect(client.pendingActions).toBe(0);
    // An action without the option still waits, and goes out once reconnected; the failed ones never do.
    const queued = client.action("Ping");
    expect(client.pendingActions).toBe(1);
    fake.connectionMode = "accept";
    expect((await queued).Ping).toBe("Pong");
    const sent = fake.sessions.at(-1)?.received.map((p) => p.name);
    expect(sent).toEqual(["Login", "Ping"]);
  });

  it('"queue" waits even with offlineQueue: false, while actions without it still fail fast', async () => {
    const { fake, client } = await connected({}, { offlineQueue: false });
    fake.connectionMode = "refuse";
    fake.drop();
    await until(() => client.state.status === "reconnecting", "reconnecting");
    await expect(client.action("Ping")).rejects.toThrow(/offline queue is off/);
    const waiting = client.action("Ping", {}, { whenDisconnected: "queue" });
    const uptime = client.command("core show uptime", { whenDisconnected: "queue" });
    expect(client.pendingActions).toBe(2);
    fake.connectionMode = "accept";
    expect((await waiting).Ping).toBe("Pong");
    expect((await uptime)[0]).toMatch(/^System uptime/);
  });

  it('"queue" still respects the bound, and fails while idle (nothing is trying to connect)', async () => {
    const { fake, client } = await connected({}, { offlineQueue: 1 });
    fake.connectionMode = "refuse";
    fake.drop();
    await until(() => client.state.status === "reconnecting", "reconnecting");
    const queued = client.action("Ping", {}, { whenDisconnected: "queue" });
    await expect(client.action("Ping", {}, { whenDisconnected: "queue" })).rejects.toBeInstanceOf(
      AmiQueueFullError,
    );
    fake.connectionMode = "accept";
    await queued;

    const idle = (await connected()).client;
    await idle.close();
    await expect(idle.action("Ping", {}, { whenDisconnected: "queue" })).rejects.toThrow(/closed/);
  });

  it("has no effect while connected, and rejects an unknown value before sending", async () => {
    const { fake, client } = await connected();
    expect((await client.action("Ping", {}, { whenDisconnected: "fail" })).Ping).toBe("Pong");
    const bad = { whenDisconnected: "later" } as unknown as { whenDisconnected: "fail" };
    await expect(client.action("Ping", {}, bad)).rejects.toBeInstanceOf(AmiValidationError);
    expect(fake.received.filter((a) => a.name === "Ping")).toHaveLength(1);
  });
});
