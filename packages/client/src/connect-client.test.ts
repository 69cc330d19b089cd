import { describe, expect, it } from "vitest";
import { connectClient } from "./connect-client.ts";
import { AmiAuthError } from "./errors.ts";
import { fakeAsterisk, sleep } from "./test-support/harness.ts";

describe("connectClient()", () => {
  it("resolves with a client that is logged in and answers actions", async () => {
    const fake = fakeAsterisk();
    const client = await connectClient({ transport: fake.transport(), username: "admin", secret: "amipass" });
    try {
      expect(client.state.status).toBe("connected");
      const pong = await client.action("Ping");
      expect(pong.Ping).toBe("Pong");
    } finally {
      await client.close();
    }
  });

  it("rejects on a wrong secret and leaves nothing behind: no second connection attempt", async () => {
    const fake = fakeAsterisk();
    const attempt = connectClient({
      transport: fake.transport(),
      username: "admin",
      secret: "wrong",
      reconnect: { initialDelay: 1, maxDelay: 2, jitter: 0 },
    });
    await expect(attempt).rejects.toBeInstanceOf(AmiAuthError);
    await sleep(30);
    expect(fake.sessions).toHaveLength(1);
    expect(fake.openSessions).toHaveLength(0);
  });
});
