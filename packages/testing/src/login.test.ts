import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk } from "./index.ts";
import { WireClient } from "./test-support/wire-client.ts";

let fake: FakeAsterisk;
afterEach(() => fake?.close());

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

describe("login", () => {
  it("accepts an md5 login whose Key is md5(challenge + secret), computed independently", async () => {
    fake = createFakeAsterisk();
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Challenge", ActionID: "c", AuthType: "MD5" });
    const challenge = (await client.response("c")).get("Challenge") as string;
    expect(challenge).toMatch(/^\d+$/);
    await client.action({
      Action: "Login",
      ActionID: "l",
      AuthType: "MD5",
      Username: "admin",
      Key: md5(`${challenge}amipass`),
    });
    expect((await client.response("l")).get("Message")).toBe("Authentication accepted");
    expect(fake.sessions[0]?.authenticated).toBe(true);
    expect(fake.sessions[0]?.username).toBe("admin");
  });

  it("keeps one challenge per session, as Asterisk does", async () => {
    fake = createFakeAsterisk();
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Challenge", ActionID: "c1", AuthType: "MD5" });
    await client.action({ Action: "Challenge", ActionID: "c2", AuthType: "md5" });
    const first = (await client.response("c1")).get("Challenge");
    expect((await client.response("c2")).get("Challenge")).toBe(first);
  });

  it("rejects a Challenge without AuthType MD5", async () => {
    fake = createFakeAsterisk();
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Challenge", ActionID: "c" });
    expect((await client.response("c")).get("Message")).toBe("Must specify AuthType");
  });

  it("fails an md5 login with a wrong key, or without a Challenge first, and closes", async () => {
    fake = createFakeAsterisk({ challenge: "12345" });
    const noChallenge = await WireClient.memory(fake.transport());
    await noChallenge.action({
      Action: "Login",
      ActionID: "l",
      AuthType: "MD5",
      Username: "admin",
      Key: md5("12345amipass"),
    });
    expect((await noChallenge.response("l")).get("Message")).toBe("Authentication failed");
    expect(await noChallenge.closed).toBeUndefined();

    const wrongKey = await WireClient.memory(fake.transport());
    await wrongKey.action({ Action: "Challenge", ActionID: "c", AuthType: "MD5" });
    await wrongKey.action({
      Action: "Login",
      ActionID: "l",
      AuthType: "MD5",
      Username: "admin",
      Key: md5("12345wrong"),
    });
    expect((await wrongKey.response("l")).get("Message")).toBe("Authentication failed");
    await wrongKey.closed;
  });

  it("answers a bad secret with Authentication failed after authFailureDelay, then closes", async () => {
    fake = createFakeAsterisk({ authFailureDelay: 60 });
    const client = await WireClient.memory(fake.transport());
    const started = Date.now();
    await client.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "nope" });
    expect((await client.response("l")).get("Response")).toBe("Error");
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    await client.closed;
    expect(fake.sessions[0]?.closed).toBe(true);
  });

  it("tells other sessions that read security about a failed login", async () => {
    fake = createFakeAsterisk();
    const watcher = await WireClient.memory(fake.transport());
    await watcher.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "amipass" });
    await watcher.packetCount(4);
    const intruder = await WireClient.memory(fake.transport());
    await intruder.action({ Action: "Login", ActionID: "x", Username: "nobody", Secret: "x" });
    await intruder.closed;
    await watcher.until(() => watcher.packets.some((p) => p.name === "InvalidAccountID"));
    const event = watcher.packets.find((p) => p.name === "InvalidAccountID");
    expect(event?.get("AccountID")).toBe("nobody");
    expect(event?.get("Severity")).toBe("Error");
  });

  it("answers a second Login with Already authenticated", async () => {
    fake = createFakeAsterisk();
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Login", ActionID: "l1", Username: "admin", Secret: "amipass" });
    await client.action({ Action: "Login", ActionID: "l2", Username: "admin", Secret: "amipass" });
    expect((await client.response("l2")).get("Message")).toBe("Already authenticated");
  });

  it("uses configured users, and sends SuccessfulAuth only to users who read security", async () => {
    fake = createFakeAsterisk({ users: { ops: { secret: "s3cret", read: "system", write: "all" } } });
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Login", ActionID: "l", Username: "ops", Secret: "s3cret" });
    await client.action({ Action: "Ping", ActionID: "p" });
    await client.response("p");
    expect(client.packets.map((p) => p.name)).toEqual([
      "Asterisk Call Manager/11.0.0",
      "Success",
      "FullyBooted",
      "Success",
    ]);
  });

  it("greets with the configured AMI version", async () => {
    fake = createFakeAsterisk({ amiVersion: "2.10.4" });
    const client = await WireClient.memory(fake.transport());
    await client.packetCount(1);
    expect(client.text).toBe("Asterisk Call Manager/2.10.4\r\n");
  });

  it("Logoff says Goodbye and closes, also before login", async () => {
    fake = createFakeAsterisk();
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Logoff", ActionID: "bye" });
    const goodbye = await client.response("bye");
    expect(goodbye.get("Response")).toBe("Goodbye");
    expect(goodbye.get("Message")).toBe("Thanks for all the fish.");
    expect(await client.closed).toBeUndefined();
  });

  it("setUser() changes a secret at run time: the logged-in session keeps going, the next Login is refused", async () => {
    fake = createFakeAsterisk({ authFailureDelay: 0 });
    const first = await WireClient.memory(fake.transport());
    await first.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "amipass" });
    expect((await first.response("l")).get("Message")).toBe("Authentication accepted");
    fake.setUser("admin", { secret: "rotated", read: "all", write: "all" });
    await first.action({ Action: "Ping", ActionID: "p" });
    expect((await first.response("p")).get("Ping")).toBe("Pong");

    const reconnect = await WireClient.memory(fake.transport());
    await reconnect.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "amipass" });
    expect((await reconnect.response("l")).get("Message")).toBe("Authentication failed");
    await reconnect.closed;

    const rotated = await WireClient.memory(fake.transport());
    await rotated.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "rotated" });
    expect((await rotated.response("l")).get("Message")).toBe("Authentication accepted");

    fake.setUser("reader", undefined);
    const gone = await WireClient.memory(fake.transport());
    await gone.action({ Action: "Login", ActionID: "l", Username: "reader", Secret: "readpass" });
    expect((await gone.response("l")).get("Message")).toBe("Authentication failed");
    expect(() => fake.setUser("", { secret: "x" })).toThrow(/user name/);
  });

  it("handle('Login') scripts a refusal of its own; closing is up to the handler", async () => {
    fake = createFakeAsterisk();
    fake.handle("Login", (request) => {
      request.error("Authentication failed");
      void request.session.close();
    });
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "amipass" });
    expect((await client.response("l")).get("Message")).toBe("Authentication failed");
    expect(await client.closed).toBeUndefined();
    expect(fake.sessions[0]?.authenticated).toBe(false);
  });
});
