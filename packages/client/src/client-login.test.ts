import { md5Hex } from "@amikit/codec";
import { describe, expect, it } from "vitest";
import { AmiAuthError, AmiClosedError, AmiConnectionError, AmiTimeoutError } from "./errors.ts";
import { clientOf, collect, connected, fakeAsterisk, sleep, until } from "./test-support/harness.ts";

describe("connect() and login", () => {
  it("logs in with a plain secret, passing through connecting → authenticating → connected", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake);
    const states = collect(client.state$);
    expect(client.state.status).toBe("idle");
    await client.connect();
    expect(states.map((s) => s.status)).toEqual(["idle", "connecting", "authenticating", "connected"]);
    expect(client.greeting).toBe("Asterisk Call Manager/11.0.0");
    const login = fake.received.find((a) => a.name === "Login");
    expect(login?.packet.fields.map(([key]) => key)).toEqual(["Action", "ActionID", "Username", "Secret"]);
    expect(login?.packet.get("Secret")).toBe("amipass");
    expect(login?.packet.has("Events")).toBe(false);
    expect(fake.sessions[0]?.authenticated).toBe(true);
  });

  it("logs in with MD5: Challenge, then Key = md5(challenge + secret), never the secret itself", async () => {
    const fake = fakeAsterisk({ challenge: "194255889" });
    const client = clientOf(fake, { authType: "md5" });
    await client.connect();
    const [challenge, login] = fake.received;
    expect(challenge?.name).toBe("Challenge");
    expect(challenge?.packet.get("AuthType")).toBe("MD5");
    expect(login?.packet.get("AuthType")).toBe("MD5");
    // The key of the recorded login-md5 conversation.
    expect(login?.packet.get("Key")).toBe("d27609e3b9875896b849e4dba6c1bed8");
    expect(login?.packet.has("Secret")).toBe(false);
    expect(client.state.status).toBe("connected");
  });

  it("computes the MD5 key from whatever challenge the server hands out", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake, { authType: "md5", username: "reader", secret: "readpass" });
    await client.connect();
    const challenge = fake.sessions[0]?.written.join("").match(/Challenge: (\d+)/)?.[1];
    expect(challenge).toBeDefined();
    expect(fake.received[1]?.packet.get("Key")).toBe(md5Hex(`${challenge}readpass`));
  });

  it("rejects a bad secret with AmiAuthError, ends closed, and does not try again", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake, { secret: "wrong" });
    const error = await client.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiAuthError);
    expect((error as AmiAuthError).message).toMatch(/Authentication failed/);
    expect((error as AmiAuthError).response?.Message).toBe("Authentication failed");
    expect(client.state).toMatchObject({ status: "closed", error });
    await sleep(60); // several reconnect delays of this client
    expect(fake.sessions).toHaveLength(1);
  });

  it("rejects a bad MD5 key and an unknown user the same way", async () => {
    const fake = fakeAsterisk();
    await expect(clientOf(fake, { authType: "md5", secret: "nope" }).connect()).rejects.toBeInstanceOf(
      AmiAuthError,
    );
    await expect(clientOf(fake, { username: "nobody" }).connect()).rejects.toBeInstanceOf(AmiAuthError);
  });

  it("sends the events option as the Login Events header, and the server honours it", async () => {
    const on = await connected({}, { events: true });
    expect(on.fake.received[0]?.packet.get("Events")).toBe("on");
    const { fake, client } = await connected({}, { events: false });
    expect(fake.received[0]?.packet.get("Events")).toBe("off");
    const events = collect(client.events$);
    fake.emit({ Event: "Newchannel", Privilege: "call,all", Channel: "PJSIP/a" });
    await client.action("Ping");
    expect(events).toHaveLength(0);

    const masked = await connected({}, { events: "system" });
    expect(masked.fake.received[0]?.packet.get("Events")).toBe("system");
    const seen = collect(masked.client.events$);
    masked.fake.emit({ Event: "Newchannel", Privilege: "call,all", Channel: "PJSIP/a" });
    masked.fake.emit({ Event: "Reload", Privilege: "system,all", Module: "x" });
    await masked.client.action("Ping");
    expect(seen.map((e) => e.Event)).toEqual(["Reload"]);
  });

  it("rejects with AmiConnectionError carrying the transport's error when the connection is refused", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "refuse";
    const client = clientOf(fake);
    const error = (await client.connect().catch((e: unknown) => e)) as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toMatch(/refused/i);
    expect(client.state.status).toBe("closed");
  });

  it("never hangs: a server that never greets fails after connectTimeout", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "silent";
    const client = clientOf(fake, { connectTimeout: 50 });
    const started = Date.now();
    const error = (await client.connect().catch((e: unknown) => e)) as AmiConnectionError;
    expect(error).toBeInstanceOf(AmiConnectionError);
    expect(error.cause).toBeInstanceOf(AmiTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
    await until(() => fake.openSessions.length === 0, "the silent connection to be closed");
  });

  it("treats a huge connectTimeout or keepalive (Infinity) as 'very long', not as a timer that fires at once", async () => {
    const fake = fakeAsterisk();
    fake.setWriteShaping({ delay: 20 }); // the greeting comes late
    const client = clientOf(fake, {
      connectTimeout: Number.POSITIVE_INFINITY,
      keepalive: { interval: 3e9 },
    });
    await client.connect();
    fake.setWriteShaping(undefined);
    await sleep(30);
    expect(fake.received.filter((a) => a.name === "Ping")).toHaveLength(0);
    expect(client.state.status).toBe("connected");
  });

  it("shares one attempt between concurrent connect() calls and resolves at once when connected", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake);
    const first = client.connect();
    expect(client.connect()).toBe(first);
    await first;
    await client.connect();
    expect(fake.sessions).toHaveLength(1);
  });

  it("can connect again after a failed attempt, but not after close()", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "refuse";
    const client = clientOf(fake);
    await expect(client.connect()).rejects.toBeInstanceOf(AmiConnectionError);
    fake.connectionMode = "accept";
    await client.connect();
    expect(client.state.status).toBe("connected");
    await client.close();
    await expect(client.connect()).rejects.toBeInstanceOf(AmiClosedError);
  });

  it("rejects connect() with AmiClosedError when closed while connecting", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "silent";
    const client = clientOf(fake, { connectTimeout: 5000 });
    const attempt = client.connect();
    await sleep(5);
    await client.close();
    await expect(attempt).rejects.toBeInstanceOf(AmiClosedError);
    expect(client.state.status).toBe("closed");
  });
});
