import { describe, expect, it } from "vitest";
import type { AmiConnectionError } from "./errors.ts";
import { clientOf, fakeAsterisk } from "./test-support/harness.ts";

// `host:port` is written by formatTarget (@amikit/transport): an IPv6 address gets brackets, so the
// port cannot be read as part of the address.
describe("the client names an IPv6 target with brackets", () => {
  it("in toString()", () => {
    const client = clientOf(fakeAsterisk(), { host: "::1", port: 5038 });
    expect(String(client)).toContain("admin@[::1]:5038,");
  });

  it("in the error of a refused connection", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "refuse";
    const client = clientOf(fake, { host: "::1", port: 5038 });
    const error = (await client.connect().catch((e: unknown) => e)) as AmiConnectionError;
    expect(error.message).toContain("[::1]:5038");
  });

  it("in the error of a server that never greets", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "silent";
    const client = clientOf(fake, { host: "fe80::1", port: 5039, connectTimeout: 30 });
    const error = (await client.connect().catch((e: unknown) => e)) as AmiConnectionError;
    expect(error.message).toContain("[fe80::1]:5039");
  });
});
