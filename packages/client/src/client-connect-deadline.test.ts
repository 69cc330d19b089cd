import { describe, expect, it } from "vitest";
import { AmiAbortError, AmiConnectionError, AmiTimeoutError } from "./errors.ts";
import { clientOf, fakeAsterisk, sleep, until } from "./test-support/harness.ts";

/** Never answers: the fake swallows the action. */
const never = () => undefined;

describe("connect(): one deadline for socket, greeting and login", () => {
  it("bounds a Login that is never answered by connectTimeout, not actionTimeout", async () => {
    const fake = fakeAsterisk();
    fake.handle("Login", never);
    const client = clientOf(fake, { connectTimeout: 60, actionTimeout: 20_000 });
    const started = Date.now();
    const error = (await client.connect().catch((e: unknown) => e)) as AmiConnectionError;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.cause).toBeInstanceOf(AmiTimeoutError);
    expect((error.cause as AmiTimeoutError).timeout).toBe(60);
    expect(error.message).toMatch(/connectTimeout \(60 ms\).*answer to Login/);
    expect(client.state).toMatchObject({ status: "closed", error });
    expect(client.pendingActions).toBe(0);
    await until(() => fake.openSessions.length === 0, "the connection to be closed");
  });

  it("counts the Challenge and the Login against the same deadline (md5)", async () => {
    const fake = fakeAsterisk();
    fake.handle("Challenge", () => sleep(60).then(() => ({ Response: "Success", Challenge: "123456" })));
    fake.handle("Login", never);
    // Each step alone fits in actionTimeout; together they outlast connectTimeout.
    const client = clientOf(fake, { authType: "md5", connectTimeout: 120, actionTimeout: 100 });
    const error = (await client.connect().catch((e: unknown) => e)) as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.cause).toBeInstanceOf(AmiTimeoutError);
    expect(error.message).toMatch(/answer to Login/);
    expect(fake.received.map((a) => a.name)).toEqual(["Challenge", "Login"]);
    expect(client.pendingActions).toBe(0);
  });

  it("names the greeting phase when the server never greets", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "silent";
    const client = clientOf(fake, { connectTimeout: 40 });
    const error = (await client.connect().catch((e: unknown) => e)) as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.cause).toBeInstanceOf(AmiTimeoutError);
    expect(error.message).toMatch(/greeting/);
  });

  it("applies the same bound to each reconnect attempt", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake, {
      connectTimeout: 50,
      actionTimeout: 20_000,
      reconnect: { initialDelay: 5, maxDelay: 5, jitter: 0, maxAttempts: 2 },
    });
    await client.connect();
    fake.handle("Login", never);
    fake.drop();
    await until(() => client.state.status === "closed", "giving up reconnecting", 4_000);
    const error = client.state.error as AmiConnectionError;
    expect(error.message).toMatch(/gave up reconnecting after 2/);
    expect(error.cause).toBeInstanceOf(AmiConnectionError);
    expect((error.cause as Error).cause).toBeInstanceOf(AmiTimeoutError);
    expect(fake.sessions).toHaveLength(3);
    expect(client.pendingActions).toBe(0);
  });
});

describe("connect({ signal })", () => {
  it("aborts while waiting for the greeting: AmiAbortError, closed, socket released", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "silent";
    const client = clientOf(fake, { connectTimeout: 20_000 });
    const controller = new AbortController();
    const attempt = client.connect({ signal: controller.signal });
    await until(() => fake.sessions.length === 1, "the connection");
    controller.abort(new Error("user gave up"));
    const error = (await attempt.catch((e: unknown) => e)) as AmiAbortError;
    expect(error).toBeInstanceOf(AmiAbortError);
    expect(error.name).toBe("AbortError");
    expect((error.cause as Error).message).toBe("user gave up");
    expect(client.state).toMatchObject({ status: "closed", error });
    await until(() => fake.openSessions.length === 0, "the connection to be closed");
  });

  it("aborts while logging in: the pending Login ends too", async () => {
    const fake = fakeAsterisk();
    fake.handle("Login", never);
    const client = clientOf(fake, { connectTimeout: 20_000, actionTimeout: 20_000 });
    const controller = new AbortController();
    const attempt = client.connect({ signal: controller.signal });
    await until(() => fake.received.some((a) => a.name === "Login"), "the Login");
    expect(client.pendingActions).toBe(1);
    controller.abort();
    await expect(attempt).rejects.toBeInstanceOf(AmiAbortError);
    expect(client.pendingActions).toBe(0);
    await until(() => fake.openSessions.length === 0, "the connection to be closed");
    // The client may connect again.
    fake.handle("Login", { Response: "Success", Message: "Authentication accepted" });
    await client.connect();
    expect(client.state.status).toBe("connected");
  });

  it("rejects at once with an already aborted signal, touching nothing", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake);
    await expect(client.connect({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AmiAbortError);
    expect(client.state.status).toBe("idle");
    expect(fake.sessions).toHaveLength(0);
  });

  it("a caller that joined an attempt only stops waiting; the attempt goes on", async () => {
    const fake = fakeAsterisk();
    fake.setWriteShaping({ delay: 20 });
    const client = clientOf(fake);
    const first = client.connect();
    const controller = new AbortController();
    const joined = client.connect({ signal: controller.signal });
    controller.abort();
    await expect(joined).rejects.toBeInstanceOf(AmiAbortError);
    await first;
    expect(client.state.status).toBe("connected");
  });
});
