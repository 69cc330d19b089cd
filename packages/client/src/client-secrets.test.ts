import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createClient } from "./client.ts";
import { type AmiActionError, AmiAuthError, AmiValidationError } from "./errors.ts";
import { clientOf, connected, fakeAsterisk } from "./test-support/harness.ts";

const SECRET = "s3cr3t-Pa55";

/** Every way a value might be printed or logged. */
function renderings(value: unknown): string[] {
  const out = [String(value), JSON.stringify(value) ?? "", inspect(value, { depth: 10, showHidden: true })];
  if (value instanceof Error) {
    out.push(
      value.message,
      value.stack ?? "",
      inspect(value.cause, { depth: 10 }),
      JSON.stringify(value.cause) ?? "",
    );
  }
  return out;
}

describe("secrets never leak", () => {
  it("not through the client: String, JSON.stringify, util.inspect", async () => {
    const fake = fakeAsterisk({ users: { admin: { secret: SECRET, read: "all", write: "all" } } });
    const client = clientOf(fake, { secret: SECRET });
    await client.connect();
    for (const text of renderings(client)) expect(text).not.toContain(SECRET);
    expect(String(client)).toBe("AmiClient(admin@127.0.0.1:5038, connected)");
    expect(JSON.parse(JSON.stringify(client))).toMatchObject({ username: "admin", secret: "[redacted]" });
    expect(inspect(client)).toContain("AmiClient(admin@");
  });

  it("not through a refused login (plain or md5), nor its state", async () => {
    const fake = fakeAsterisk();
    for (const authType of ["plain", "md5"] as const) {
      const client = clientOf(fake, { secret: SECRET, authType });
      const error = await client.connect().catch((e) => e);
      expect(error).toBeInstanceOf(AmiAuthError);
      for (const text of [...renderings(error), ...renderings(client.state), ...renderings(client)]) {
        expect(text).not.toContain(SECRET);
      }
    }
  });

  it("neither the secret nor the md5 Key derived from it, in a refused md5 login's error, its response or its cause", async () => {
    const fake = fakeAsterisk({ users: { admin: { secret: "another", read: "all", write: "all" } } });
    const client = clientOf(fake, { secret: SECRET, authType: "md5" });
    const error = (await client.connect().catch((e) => e)) as AmiAuthError;
    expect(error).toBeInstanceOf(AmiAuthError);
    const key = fake.received.find((a) => a.name === "Login")?.packet.get("Key");
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const texts = [
      ...renderings(error),
      ...renderings(error.response),
      ...renderings(error.cause),
      ...renderings((error.cause as AmiActionError).response),
      ...renderings(client.state),
      ...renderings(client),
    ];
    for (const text of texts) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(key);
    }
    expect(error.response?.Message).toBe("Authentication failed");
  });

  it("not through options validation, even when the secret itself is what is wrong", () => {
    const transport = fakeAsterisk().transport();
    const bad = `${SECRET}\r\nAction: Logoff`;
    let error: unknown;
    try {
      createClient({ transport, username: "admin", secret: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AmiValidationError);
    for (const text of renderings(error)) expect(text).not.toContain(SECRET);
  });

  it("not through an action that carries a secret-like header with an unsendable value", async () => {
    const { client } = await connected();
    const error = await client.action("MyModuleSetAuth", { Password: `${SECRET}\n` }).catch((e) => e);
    expect(error).toBeInstanceOf(AmiValidationError);
    expect(error.message).toBe(
      'MyModuleSetAuth: LF (\\n) at position 12 of the value of "Password" (not shown: it may hold a secret): it would break the AMI framing',
    );
    for (const text of renderings(error)) expect(text).not.toContain(SECRET);
  });

  it("not through a Variable entry with an unsendable value: only its name is shown", async () => {
    const { fake, client } = await connected();
    const sent = fake.received.length;
    const error = await client
      .action("UserEvent", { UserEvent: "x", Variable: { DBPASS: `${SECRET}\r\n` } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AmiValidationError);
    expect(error.message).toBe(
      'UserEvent: CR (\\r) at position 12 of the value of "Variable" (DBPASS=…): it would break the AMI framing',
    );
    for (const text of renderings(error)) expect(text).not.toContain(SECRET);
    expect(fake.received).toHaveLength(sent);
  });

  it("the login on the wire carries it, and only there", async () => {
    const fake = fakeAsterisk({ users: { admin: { secret: SECRET, read: "all", write: "all" } } });
    const client = clientOf(fake, { secret: SECRET });
    await client.connect();
    expect(fake.received[0]?.packet.get("Secret")).toBe(SECRET);
    await client.close();
    for (const text of renderings(client)) expect(text).not.toContain(SECRET);
  });
});
