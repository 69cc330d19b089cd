// state$ reports each close once: `closed` carries the error that closed the client, and a later
// close() does not add a second, error-less `closed`.
import { describe, expect, it } from "vitest";
import type { AmiClient } from "./ami-client.ts";
import { AmiAuthError, AmiConnectionError } from "./errors.ts";
import { clientOf, collect, fakeAsterisk, until } from "./test-support/harness.ts";

/** The statuses `client` goes through, `closed(error)` marking an error. */
function statuses(client: AmiClient) {
  const states = collect(client.state$);
  return {
    seen: () => states.map((s) => (s.error === undefined ? s.status : `${s.status}(${s.error.name})`)),
    completed: () => states.completed,
  };
}

describe("one closed per close", () => {
  // connectClient() does exactly this when the connect fails.
  it("a failed connect, then close(): idle > connecting > closed(error), and state$ completes", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "refuse";
    const client = clientOf(fake);
    const states = statuses(client);
    await expect(client.connect()).rejects.toBeInstanceOf(AmiConnectionError);
    await client.close();
    expect(states.seen()).toEqual(["idle", "connecting", "closed(AmiConnectionError)"]);
    expect(client.state.error).toBeInstanceOf(AmiConnectionError);
    expect(states.completed()).toBe(true);
  });

  it("a refused login, then close(): the one closed keeps the AmiAuthError", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake, { secret: "wrong" });
    const states = statuses(client);
    await expect(client.connect()).rejects.toBeInstanceOf(AmiAuthError);
    await client.close();
    expect(states.seen()).toEqual(["idle", "connecting", "authenticating", "closed(AmiAuthError)"]);
  });

  it("after giving up reconnecting, close() adds no second closed", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake, { reconnect: { initialDelay: 1, maxDelay: 2, jitter: 0, maxAttempts: 2 } });
    await client.connect();
    const states = statuses(client);
    fake.connectionMode = "refuse";
    fake.drop();
    await until(() => client.state.status === "closed", "gave up");
    await client.close();
    const closed = states.seen().filter((s) => s.startsWith("closed"));
    expect(closed).toEqual(["closed(AmiConnectionError)"]);
  });

  it("a plain close() of a connected client: one closed, without an error", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake);
    await client.connect();
    const states = statuses(client);
    await client.close();
    await client.close();
    expect(states.seen()).toEqual(["connected", "closed"]);
  });

  it("a failed connect, a successful one, then close(): one closed for each close", async () => {
    const fake = fakeAsterisk();
    fake.connectionMode = "refuse";
    const client = clientOf(fake);
    const states = statuses(client);
    await client.connect().catch(() => {});
    fake.connectionMode = "accept";
    await client.connect();
    await client.close();
    expect(states.seen()).toEqual([
      "idle",
      "connecting",
      "closed(AmiConnectionError)",
      "connecting",
      "authenticating",
      "connected",
      "closed",
    ]);
  });
});
