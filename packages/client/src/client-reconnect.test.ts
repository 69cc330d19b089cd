import { describe, expect, it } from "vitest";
import { AmiAuthError, AmiConnectionError, AmiQueueFullError } from "./errors.ts";
import { ofEvent } from "./operators.ts";
import { clientOf, collect, connected, fakeAsterisk, sleep, until } from "./test-support/harness.ts";

describe("reconnect", () => {
  it("after a drop: reconnecting → connected, logs in again, subscribers keep receiving, nothing doubles", async () => {
    const { fake, client } = await connected();
    const states = collect(client.state$);
    const events = collect(client.events$);
    const hangups = collect(client.on("Hangup"));
    fake.drop();
    await until(() => client.state.status === "reconnecting", "reconnecting");
    const reconnecting = client.state;
    expect(reconnecting.error).toBeInstanceOf(AmiConnectionError);
    // The memory transport reports the reset with the transport contract's code, as nodeTransport does.
    expect(reconnecting.error?.cause).toMatchObject({ code: "reset" });
    expect(reconnecting.attempt).toBe(1);
    await until(() => client.state.status === "connected", "connected again");
    expect(fake.sessions).toHaveLength(2);
    expect(fake.sessions[1]?.authenticated).toBe(true);
    expect(states.map((s) => s.status)).toEqual([
      "connected",
      "reconnecting",
      "connecting",
      "authenticating",
      "connected",
    ]);

    events.length = 0;
    fake.emit({ Event: "Hangup", Privilege: "call,all", Channel: "PJSIP/a-1", Cause: "16" });
    await client.action("Ping");
    expect(events.filter((e) => e.Event === "Hangup")).toHaveLength(1);
    expect(hangups).toHaveLength(1);
    expect(hangups[0]?.Cause).toBe("16");
  });

  it("after two reconnects, one emitted event reaches each events$, on(), ofEvent() subscriber and reader exactly once", async () => {
    const { fake, client } = await connected();
    const all = collect(client.events$);
    const viaOn = collect(client.on("UserEvent"));
    const viaOperator = collect(client.events$.pipe(ofEvent("UserEvent")));
    const reader = client.events({ names: ["UserEvent"] });
    for (let reconnect = 1; reconnect <= 2; reconnect++) {
      fake.drop();
      await until(() => client.state.status === "reconnecting", `reconnecting (${reconnect})`);
      await until(() => client.state.status === "connected", `connected again (${reconnect})`);
    }
    expect(fake.sessions).toHaveLength(3);
    fake.emit({ Event: "UserEvent", Privilege: "user,all", UserEvent: "once" });
    await client.action("Ping");
    const once = (events: readonly { UserEvent?: unknown }[]) => events.filter((e) => e.UserEvent === "once");
    expect(once(all)).toHaveLength(1);
    expect(once(viaOn)).toHaveLength(1);
    expect(once(viaOperator)).toHaveLength(1);
    expect(reader.buffered).toBe(1);
    expect((await reader.next()).value?.UserEvent).toBe("once");
    reader.close();
  });

  it("restores the event mask and every filter the user added", async () => {
    const { fake, client } = await connected({}, { events: "call" });
    await client.action("Events", { EventMask: "system,user" });
    await client.action("Filter", { Operation: "Add", Filter: "Event: UserEvent" });
    await client.action("Filter", { Operation: "Add", Filter: "Event: Reload" });
    await client.action("Filter", { Operation: "Add", Filter: "Event: UserEvent" });
    const original = fake.sessions[0];
    expect([...(original?.eventMask ?? [])].sort()).toEqual(["system", "user"]);
    for (let reconnect = 1; reconnect <= 2; reconnect++) {
      fake.drop();
      await until(
        () => client.state.status === "connected" && fake.sessions.length === reconnect + 1,
        `reconnected (${reconnect})`,
      );
      const session = fake.sessions[reconnect];
      const login = session?.received.find((p) => p.name === "Login");
      expect(login?.get("Events")).toBe("system,user");
      expect(session?.received.filter((p) => p.name === "Filter").map((p) => p.get("Filter"))).toEqual([
        "Event: UserEvent",
        "Event: Reload",
      ]);
      // As the fake recorded them: the same mask and filters as the session the user configured.
      expect(session?.filters.map((f) => f.source)).toEqual(["Event: UserEvent", "Event: Reload"]);
      expect([...(session?.eventMask ?? [])].sort()).toEqual([...(original?.eventMask ?? [])].sort());
    }
    const seen = collect(client.events$);
    fake.emit({ Event: "Newchannel", Privilege: "call,all" });
    fake.emit({ Event: "UserEvent", Privilege: "user,all", UserEvent: "kept" });
    await client.action("Ping");
    expect(seen.map((e) => e.Event)).toEqual(["UserEvent"]);
  });

  it("re-adds every filter in one go after the login, not one round trip per filter", async () => {
    const { fake, client } = await connected({}, { actionTimeout: 1000 });
    for (const filter of ["Event: A", "Event: B", "Event: C"])
      await client.action("Filter", { Operation: "Add", Filter: filter });
    // After the reconnect, answer no Filter until all three have arrived.
    const held: { fallback(): Promise<void> }[] = [];
    fake.handle("Filter", (request) => {
      held.push(request);
      if (held.length === 3) for (const waiting of held.splice(0)) void waiting.fallback();
      return undefined;
    });
    fake.drop();
    await until(() => client.state.status === "connected" && fake.sessions.length === 2, "reconnected");
    expect(fake.sessions[1]?.filters.map((f) => f.source)).toEqual(["Event: A", "Event: B", "Event: C"]);
  });

  it("queues actions issued while disconnected and sends them once logged in again", async () => {
    const { fake, client } = await connected();
    fake.connectionMode = "refuse";
    fake.drop();
    await until(() => client.state.status === "reconnecting", "reconnecting");
    const ping = client.action("Ping");
    const uptime = client.command("core show uptime");
    await sleep(20);
    expect(client.pendingActions).toBe(2);
    fake.connectionMode = "accept";
    expect((await ping).Ping).toBe("Pong");
    expect((await uptime)[0]).toMatch(/^System uptime/);
    const order = fake.sessions.at(-1)?.received.map((p) => p.name);
    expect(order).toEqual(["Login", "Ping", "Command"]);
  });

  it("bounds the offline queue (AmiQueueFullError) and can fail fast instead", async () => {
    const { fake, client } = await connected({}, { offlineQueue: 2 });
    fake.connectionMode = "refuse";
    fake.drop();
    await until(() => client.state.status === "reconnecting", "reconnecting");
    const queued = [client.action("Ping"), client.action("Ping")];
    await expect(client.action("Ping")).rejects.toBeInstanceOf(AmiQueueFullError);
    fake.connectionMode = "accept";
    await Promise.all(queued);

    const failFast = await connected({}, { offlineQueue: false });
    failFast.fake.connectionMode = "refuse";
    failFast.fake.drop();
    await until(() => failFast.client.state.status === "reconnecting", "reconnecting");
    await expect(failFast.client.action("Ping")).rejects.toThrow(/offline queue is off/);
  });

  it("a drop mid-list rejects the list with AmiConnectionError; after reconnecting the next action succeeds", async () => {
    const { fake, client } = await connected();
    fake.handle("CoreShowChannels", (request) => {
      if (request.session.id === 1) {
        request.respond({ Response: "Success", EventList: "start", Message: "Channels will follow" });
        request.event({ Event: "CoreShowChannel", ActionID: request.actionId, Channel: "Local/x-1;1" });
        setTimeout(() => request.session.drop(), 5);
        return undefined;
      }
      return request.fallback().then(() => undefined);
    });
    const error = (await client.list("CoreShowChannels").catch((e) => e)) as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.message).toMatch(/CoreShowChannels .* lost/);
    expect(client.pendingActions).toBe(0);
    await until(() => client.state.status === "connected" && fake.sessions.length === 2, "reconnected");
    await expect(client.action("Ping")).resolves.toMatchObject({ Ping: "Pong" });
    await expect(client.list("CoreShowChannels")).resolves.toMatchObject({ events: [] });
  });

  it("every action in flight on the lost connection ends with AmiConnectionError (none is resent)", async () => {
    const { fake, client } = await connected();
    fake.handle("Never", () => undefined);
    const inFlight = Array.from({ length: 50 }, () => client.action("Never").catch((e) => e));
    await until(() => fake.received.filter((a) => a.name === "Never").length === 50, "all sent");
    fake.drop();
    const errors = await Promise.all(inFlight);
    expect(errors.every((e) => e instanceof AmiConnectionError)).toBe(true);
    expect(client.pendingActions).toBe(0);
    await until(() => client.state.status === "connected", "reconnected");
    expect(fake.sessions[1]?.received.filter((p) => p.name === "Never")).toHaveLength(0);
  });

  it("with reconnect: false, a loss ends in closed with the error", async () => {
    const { fake, client } = await connected({}, { reconnect: false });
    fake.drop();
    await until(() => client.state.status === "closed", "closed");
    expect(client.state.error).toBeInstanceOf(AmiConnectionError);
    await sleep(20);
    expect(fake.sessions).toHaveLength(1);
    await expect(client.action("Ping")).rejects.toBeInstanceOf(AmiConnectionError);
  });

  it("gives up after maxAttempts, failing what waited in the queue", async () => {
    const { fake, client } = await connected(
      {},
      { reconnect: { initialDelay: 2, maxDelay: 5, maxAttempts: 3, jitter: 0 } },
    );
    fake.connectionMode = "refuse";
    fake.drop();
    await until(() => client.state.status === "reconnecting", "reconnecting");
    const queued = client.action("Ping");
    const error = (await queued.catch((e) => e)) as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(client.state.status).toBe("closed");
    expect(client.state.error?.message).toMatch(/gave up reconnecting after 3 attempt/);
    expect(client.pendingActions).toBe(0);
  });

  it("stops at once, without a retry loop, when the login is refused on reconnect", async () => {
    const { fake, client } = await connected();
    fake.handle("Login", (request) => {
      request.error("Authentication failed");
      void request.session.close();
      return undefined;
    });
    fake.drop();
    await until(() => client.state.status === "closed", "closed");
    expect(client.state.error).toBeInstanceOf(AmiAuthError);
    await sleep(40);
    expect(fake.sessions).toHaveLength(2);
  });

  it("backs off between attempts, growing towards maxDelay", async () => {
    const { fake, client } = await connected(
      {},
      { reconnect: { initialDelay: 10, factor: 2, maxDelay: 40, jitter: 0 } },
    );
    fake.connectionMode = "refuse";
    const attempts: number[] = [];
    const subscription = client.state$.subscribe((s) => {
      if (s.status === "connecting") attempts.push(Date.now());
    });
    fake.drop();
    await until(() => attempts.length >= 5, "five attempts", 5000);
    subscription.unsubscribe();
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
    // Delays 20, 40, 40, 40 (the first, 10, precedes the first attempt); timers never fire early.
    expect(gaps[0]).toBeGreaterThanOrEqual(19);
    for (const gap of gaps.slice(1)) expect(gap).toBeGreaterThanOrEqual(39);
  });

  it("connect() while reconnecting waits for the reconnection", async () => {
    const { fake, client } = await connected();
    fake.connectionMode = "refuse";
    fake.drop();
    await until(() => client.state.status === "reconnecting", "reconnecting");
    const waiting = client.connect();
    await sleep(15);
    fake.connectionMode = "accept";
    await waiting;
    expect(client.state.status).toBe("connected");
  });
});

describe("a reconnect-less client fails actions issued while idle or closed", () => {
  it("rejects with AmiConnectionError naming the cause", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "refuse";
    const client = clientOf(fake);
    await expect(client.connect()).rejects.toBeInstanceOf(AmiConnectionError);
    const error = (await client.action("Ping").catch((e) => e)) as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.cause).toBeInstanceOf(AmiConnectionError);
  });
});
