// Caller-chosen ActionIDs (`send({ Action, ActionID })`) with `actionIdPrefix: ""` can equal the
// client's own generated ones (1, 2, 3 …). A pending action must never be replaced: every action ends.
import { describe, expect, it, vi } from "vitest";
import { PendingTable } from "./correlation.ts";
import { AmiClosedError, AmiTimeoutError, AmiValidationError } from "./errors.ts";
import { clientOf, connected, fakeAsterisk, until } from "./test-support/harness.ts";
import { recorder } from "./test-support/pending-recorder.ts";

/** Waits for `promise` to settle, failing the test if it has not within `ms` (a promise left pending forever). */
async function settled<T>(promise: Promise<T>, ms = 2000): Promise<PromiseSettledResult<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const never = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  try {
    const [result] = await Promise.race([Promise.allSettled([promise]), never]);
    return result as PromiseSettledResult<T>;
  } finally {
    clearTimeout(timer);
  }
}

describe("PendingTable never replaces a pending entry", () => {
  it("refuses a second entry with an ActionID in use and keeps the first one working", () => {
    vi.useFakeTimers();
    try {
      const table = new PendingTable("");
      const first = recorder();
      const second = recorder();
      const entry = table.add({ id: "7", action: "Never", text: undefined, timeout: 100, behaviour: first });
      expect(
        table.add({ id: "7", action: "Ping", text: undefined, timeout: 100, behaviour: second }),
      ).toBeUndefined();
      expect(second.errors[0]).toBeInstanceOf(AmiValidationError);
      expect(second.errors[0]?.message).toMatch(/ActionID "7" is already in flight/);
      expect(table.size).toBe(1);
      expect(table.get("7")).toBe(entry);
      vi.advanceTimersByTime(100);
      expect(first.errors[0]).toBeInstanceOf(AmiTimeoutError);
      expect(table.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("PendingTable: generated ActionIDs skip the lookup only while no caller's numeric one is pending", () => {
  it("counts a caller's numeric ActionIDs, and still refuses a generated one equal to one of them", () => {
    const table = new PendingTable("");
    const caller = table.add({
      id: "7",
      action: "Never",
      text: undefined,
      timeout: 100,
      behaviour: recorder(),
    });
    table.add({ id: "x", action: "Never", text: undefined, timeout: 100, behaviour: recorder() });
    table.add({
      id: "8",
      action: "Ping",
      text: undefined,
      timeout: 100,
      behaviour: recorder(),
      generated: true,
    });
    expect(table.callerNumbers).toBe(1);
    const clash = recorder();
    const refused = table.add({
      id: "7",
      action: "Ping",
      text: undefined,
      timeout: 100,
      behaviour: clash,
      generated: true,
    });
    expect(refused).toBeUndefined();
    expect(clash.errors[0]).toBeInstanceOf(AmiValidationError);
    if (caller) table.finish(caller);
    expect(table.callerNumbers).toBe(0);
    expect(table.size).toBe(2);
  });
});

describe('ActionIDs with actionIdPrefix: ""', () => {
  it("a keepalive Ping skips the caller's pending ActionID: the caller's action still times out", async () => {
    const { fake, client } = await connected(
      {},
      { actionIdPrefix: "", keepalive: { interval: 20, timeout: 500 } },
    );
    fake.handle("Never", () => undefined);
    // Login took ActionID 1: 2 is the next one the client would generate.
    const caller = client.send({ Action: "Never", ActionID: 2 }, { timeout: 1000 });
    await until(
      () => (fake.sessions[0]?.received.filter((p) => p.name === "Ping").length ?? 0) >= 2,
      "two Pings",
    );
    const pingIds = fake.sessions[0]?.received.filter((p) => p.name === "Ping").map((p) => p.actionId);
    expect(pingIds).not.toContain("2");
    const result = await settled(caller);
    expect(result.status).toBe("rejected");
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(AmiTimeoutError);
    expect((result as PromiseRejectedResult).reason.actionId).toBe("2");
    expect(client.state.status).toBe("connected");
  });

  it("a caller ActionID equal to a pending internal one is refused with AmiValidationError and never sent", async () => {
    const { fake, client } = await connected(
      {},
      { actionIdPrefix: "", keepalive: { interval: 10, timeout: 2000 } },
    );
    fake.handle("Ping", () => undefined); // hold every Ping: the keepalive's stays pending
    await until(() => fake.sessions[0]?.received.some((p) => p.name === "Ping") === true, "a keepalive Ping");
    const held = fake.sessions[0]?.received.find((p) => p.name === "Ping")?.actionId as string;
    const result = await settled(client.send({ Action: "Ping", ActionID: held }));
    expect(result.status).toBe("rejected");
    const error = (result as PromiseRejectedResult).reason as Error;
    expect(error).toBeInstanceOf(AmiValidationError);
    expect(error.message).toMatch(new RegExp(`ActionID "${held}" is already in flight`));
    expect(fake.sessions[0]?.received.filter((p) => p.actionId === held)).toHaveLength(1);
  });

  it("generated ActionIDs of the caller's own actions skip a caller-chosen one in flight", async () => {
    const { fake, client } = await connected({}, { actionIdPrefix: "" });
    fake.handle("Never", () => undefined);
    const caller = client.send({ Action: "Never", ActionID: "2" }, { timeout: 300 });
    const ping = await client.action("Ping");
    expect(ping.Ping).toBe("Pong");
    expect(ping.ActionID).not.toBe("2");
    expect((await settled(caller)).status).toBe("rejected");
  });

  it("close(): the Logoff skips the caller's ActionID, and the caller's action ends with AmiClosedError", async () => {
    const { fake, client } = await connected({}, { actionIdPrefix: "", closeTimeout: 200 });
    fake.handle("Never", () => undefined);
    const caller = client.send({ Action: "Never", ActionID: "2" }, { timeout: 60_000 });
    await until(
      () => fake.sessions[0]?.received.some((p) => p.name === "Never") === true,
      "the caller's action",
    );
    await client.close();
    const result = await settled(caller);
    expect(result.status).toBe("rejected");
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(AmiClosedError);
    const logoff = fake.sessions[0]?.received.find((p) => p.name === "Logoff");
    expect(logoff?.actionId).toBeDefined();
    expect(logoff?.actionId).not.toBe("2");
    expect(client.pendingActions).toBe(0);
  });

  it("a re-Login after a drop skips a queued caller ActionID; both the login and the caller's action succeed", async () => {
    const fake = fakeAsterisk();
    const client = clientOf(fake, { actionIdPrefix: "" });
    await client.connect(); // Login: ActionID 1
    fake.connectionMode = "refuse";
    fake.drop();
    await until(() => client.state.status === "reconnecting", "reconnecting");
    const caller = client.send({ Action: "Ping", ActionID: "2" }); // queued until logged in again
    fake.connectionMode = "accept";
    const result = await settled(caller);
    expect(result.status).toBe("fulfilled");
    expect((result as PromiseFulfilledResult<Record<string, unknown>>).value.Ping).toBe("Pong");
    await until(() => client.state.status === "connected", "connected again");
    const session = fake.sessions.at(-1);
    expect(session?.authenticated).toBe(true);
    expect(session?.received.find((p) => p.name === "Login")?.actionId).not.toBe("2");
  });
});
