// A server that accepts the login and then drops (flapping) must see the backoff grow: the attempt
// counter resets only after a connection stayed up for `reconnect.stableAfter`.
import type { FakeAsterisk } from "@amikit/testing";
import { describe, expect, it } from "vitest";
import type { AmiClient } from "./ami-client.ts";
import { AmiConnectionError } from "./errors.ts";
import type { AmiReconnectOptions } from "./reconnect.ts";
import { clientOf, collect, fakeAsterisk, sleep, until } from "./test-support/harness.ts";

/** A fake that drops every connection right after its login, and a client of it. */
function flapping(reconnect: AmiReconnectOptions): {
  fake: FakeAsterisk;
  client: AmiClient;
  logins: () => number;
} {
  const fake = fakeAsterisk();
  const client = clientOf(fake, { reconnect });
  client.state$.subscribe((state) => {
    if (state.status === "connected") setTimeout(() => fake.drop(), 0);
  });
  const logins = () => fake.sessions.filter((session) => session.authenticated).length;
  return { fake, client, logins };
}

describe("reconnect backoff against a flapping server", () => {
  it("keeps counting attempts across logins that do not last, so the delays grow up to maxDelay", async () => {
    const { client, logins } = flapping({
      initialDelay: 10,
      maxDelay: 80,
      factor: 2,
      jitter: 0,
      stableAfter: 5000,
    });
    const attempts: number[] = [];
    client.state$.subscribe((state) => {
      if (state.status === "reconnecting") attempts.push(state.attempt ?? -1);
    });
    const started = Date.now();
    await client.connect();
    await until(() => logins() >= 7, "six reconnects", 5000);
    const elapsed = Date.now() - started;
    expect(attempts.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    // Waits of 10 + 20 + 40 + 80 + 80 + 80 ms at least; restarting at attempt 1 would take 6 × 10 ms.
    expect(elapsed).toBeGreaterThanOrEqual(300);
  });

  it("bounds the logins a flapping server gets in a given time", async () => {
    const { client, logins } = flapping({
      initialDelay: 5,
      maxDelay: 100,
      factor: 2,
      jitter: 0,
      stableAfter: 5000,
    });
    await client.connect();
    await sleep(500);
    // 5, 10, 20, 40, 80, 100, 100 … ms: at most ~9 logins in 500 ms (without the fix: one every ~5 ms).
    expect(logins()).toBeGreaterThanOrEqual(2);
    expect(logins()).toBeLessThanOrEqual(10);
  });

  it("restarts at attempt 1 after a connection that stayed up for stableAfter", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake, {
      reconnect: { initialDelay: 5, maxDelay: 50, jitter: 0, stableAfter: 300 },
    });
    const attempts: number[] = [];
    client.state$.subscribe((state) => {
      if (state.status === "reconnecting") attempts.push(state.attempt ?? -1);
    });
    await client.connect();
    const dropWhenConnected = async (session: number) => {
      await until(
        () => client.state.status === "connected" && fake.sessions.length === session,
        `session ${session}`,
      );
    };
    fake.drop(); // after a short life: attempt 1 (the first reconnect)
    await dropWhenConnected(2);
    fake.drop(); // 2nd session lived < 300 ms: the backoff continues
    await dropWhenConnected(3);
    await sleep(450); // 3rd session proves stable
    fake.drop();
    await dropWhenConnected(4);
    expect(attempts).toEqual([1, 2, 1]);
  });

  it("maxAttempts counts attempts since the last stable connection: a flapping server uses them up", async () => {
    const { client, logins } = flapping({ initialDelay: 5, maxDelay: 20, jitter: 0, maxAttempts: 3 });
    const states = collect(client.state$);
    await client.connect();
    await until(() => client.state.status === "closed", "gave up", 3000);
    expect(logins()).toBe(4); // the first login and three reconnects
    const error = client.state.error;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error?.message).toMatch(/gave up reconnecting after 3 attempt\(s\) without a stable connection/);
    await client.close();
    expect(states.filter((s) => s.status === "closed")).toHaveLength(1);
  });

  it("a new connect() starts the count afresh", async () => {
    const { fake, client } = flapping({ initialDelay: 5, maxDelay: 20, jitter: 0, maxAttempts: 1 });
    await client.connect();
    await until(() => client.state.status === "closed", "gave up", 3000);
    const before = fake.sessions.length;
    const attempts: number[] = [];
    client.state$.subscribe((state) => {
      if (state.status === "reconnecting") attempts.push(state.attempt ?? -1);
    });
    await client.connect();
    await until(() => client.state.status === "closed", "gave up again", 3000);
    expect(fake.sessions.length).toBe(before + 2);
    expect(attempts).toEqual([1]);
  });
});
