import { describe, expect, it } from "vitest";
import { AmiClosedError } from "./errors.ts";
import { clientOf, collect, connected, fakeAsterisk, sleep, until } from "./test-support/harness.ts";

describe("close()", () => {
  it("logs off, waits for Goodbye, closes, and ends state$ and events$", async () => {
    const { fake, client } = await connected();
    const states = collect(client.state$);
    const events = collect(client.events$);
    await client.close();
    const session = fake.sessions[0];
    expect(session?.received.at(-1)?.name).toBe("Logoff");
    expect(session?.written.at(-1)).toMatch(/^Response: Goodbye\r\n/);
    expect(session?.closed).toBe(true);
    expect(states.at(-1)).toEqual({ status: "closed" });
    expect(states.completed).toBe(true);
    expect(events.completed).toBe(true);
    expect(client.pendingActions).toBe(0);
  });

  it("is idempotent: every call returns the same promise and logs off once", async () => {
    const { fake, client } = await connected();
    const first = client.close();
    expect(client.close()).toBe(first);
    await first;
    await client.close();
    expect(fake.received.filter((a) => a.name === "Logoff")).toHaveLength(1);
  });

  it("lets actions answered before the Goodbye resolve, rejects the rest and anything new with AmiClosedError", async () => {
    const { fake, client } = await connected();
    fake.handle("Never", () => undefined);
    const answered = client.action("Ping");
    const unanswered = client.action("Never").catch((e) => e);
    const closing = client.close();
    await expect(client.action("Ping")).rejects.toBeInstanceOf(AmiClosedError);
    await closing;
    await expect(answered).resolves.toMatchObject({ Ping: "Pong" });
    expect(await unanswered).toBeInstanceOf(AmiClosedError);
    expect(client.pendingActions).toBe(0);
  });

  it("does not wait for a Goodbye that never comes longer than closeTimeout", async () => {
    const { fake, client } = await connected({}, { closeTimeout: 30 });
    fake.handle("Logoff", () => undefined);
    const started = Date.now();
    await client.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await until(() => fake.sessions[0]?.closed === true, "the connection to be closed");
    expect(client.state.status).toBe("closed");
  });

  it("stops a reconnect in progress and fails what waited in the queue", async () => {
    const { fake, client } = await connected();
    fake.connectionMode = "refuse";
    fake.drop();
    await until(() => client.state.status === "reconnecting", "reconnecting");
    const queued = client.action("Ping").catch((e) => e);
    await client.close();
    expect(await queued).toBeInstanceOf(AmiClosedError);
    const sessions = fake.sessions.length;
    fake.connectionMode = "accept";
    await sleep(40);
    expect(fake.sessions).toHaveLength(sessions);
    expect(client.state.status).toBe("closed");
  });

  it("while logging in (the Login unanswered): returns promptly, connect() rejects with AmiClosedError, state ends closed", async () => {
    const fake = fakeAsterisk();
    fake.handle("Login", () => undefined);
    const client = clientOf(fake, { actionTimeout: 60_000 });
    const states = collect(client.state$);
    const connecting = client.connect().catch((e) => e);
    await until(() => client.state.status === "authenticating", "authenticating");
    await until(() => fake.received.some((a) => a.name === "Login"), "the Login to arrive");
    const started = Date.now();
    await client.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await connecting).toBeInstanceOf(AmiClosedError);
    expect(states.at(-1)).toEqual({ status: "closed" });
    expect(states.completed).toBe(true);
    expect(client.pendingActions).toBe(0);
    expect(fake.received.filter((a) => a.name === "Logoff")).toHaveLength(0); // not logged in: nothing to log off
  });

  it("after the client gave up (closed with an error), close() still resolves and completes state$", async () => {
    const { fake, client } = await connected({}, { reconnect: false });
    fake.drop();
    await until(() => client.state.status === "closed", "closed");
    const states = collect(client.state$);
    await client.close();
    expect(states.at(-1)?.status).toBe("closed");
    expect(states.completed).toBe(true);
  });

  it("works on a client that never connected, and ends its readers", async () => {
    const client = clientOf(fakeAsterisk());
    const reader = client.events();
    const next = reader.next();
    await client.close();
    expect((await next).done).toBe(true);
    expect(client.state.status).toBe("closed");
  });
});
