import { describe, expect, it } from "vitest";
import type { AmiClient } from "./ami-client.ts";
import { createClient } from "./client.ts";
import {
  AmiAbortError,
  AmiConnectionError,
  AmiTimeoutError,
  AmiValidationError,
  AmiWriteQueueFullError,
} from "./errors.ts";
import type { AmiClientOptions } from "./options.ts";
import { onCleanup, sleep, until } from "./test-support/harness.ts";
import { type StallingServer, stallingServer } from "./test-support/stalling-server.ts";

const KiB = 1024;
/** A body of 1000 characters: every action below is a little over 1 KiB on the wire. */
const body = "x".repeat(1000);

/** A client of `server`, logged in, and the server then paused (it reads nothing more). */
async function stalled(server: StallingServer, options: Partial<AmiClientOptions> = {}): Promise<AmiClient> {
  const client = createClient({
    transport: server.transport,
    username: "admin",
    secret: "amipass",
    reconnect: false,
    closeTimeout: 50,
    ...options,
  });
  onCleanup(async () => {
    server.resume();
    await client.close();
  });
  await client.connect();
  server.pause();
  return client;
}

/** Issues `count` UserEvents of ~1 KiB; collects their outcomes. */
function issue(client: AmiClient, count: number, options: { timeout?: number; signal?: AbortSignal } = {}) {
  const answered: string[] = [];
  const errors: Error[] = [];
  for (let n = 0; n < count; n++) {
    client
      .send({ Action: "UserEvent", UserEvent: `Load${n}`, Body: body }, { timeout: 10_000, ...options })
      .then(
        (response) => answered.push(String(response.ActionID)),
        (error: Error) => errors.push(error),
      );
  }
  return { answered, errors };
}

/** ActionIDs of the UserEvents the server read. */
const readUserEvents = (server: StallingServer) =>
  server.read.filter((packet) => packet.name === "UserEvent").map((packet) => packet.actionId);

describe("the write path: a server that stops reading", () => {
  it("the client stops writing; queued bytes stay within maxWriteQueueBytes; the action beyond fails at once with AmiWriteQueueFullError", async () => {
    const server = stallingServer(16 * KiB);
    const client = await stalled(server, { maxWriteQueueBytes: 32 * KiB });
    const { answered, errors } = issue(client, 200);
    await sleep(0); // one turn: no timer could have failed anything yet
    const refused = errors.filter((error) => error instanceof AmiWriteQueueFullError);
    expect(refused.length).toBe(errors.length);
    const accepted = 200 - refused.length;
    expect(accepted * body.length).toBeLessThanOrEqual(32 * KiB);
    expect(accepted).toBeGreaterThan(0);
    expect(client.pendingActions).toBe(accepted);
    const first = refused[0] as AmiWriteQueueFullError;
    expect(first).toBeInstanceOf(AmiConnectionError);
    expect(first.limit).toBe(32 * KiB);
    expect(first.queued + first.size).toBeGreaterThan(32 * KiB);
    expect(first.message).toMatch(
      /UserEvent: the server is not reading fast enough.*maxWriteQueueBytes \(32768\)/,
    );

    // Many ticks later the client has still handed over no more than one write, within the bound.
    await sleep(50);
    expect(errors.length).toBe(refused.length);
    expect(server.pendingWrites()).toBeLessThanOrEqual(1);
    expect(server.peakHeld()).toBeLessThanOrEqual(32 * KiB);
    expect(server.handed.length - 1).toBeLessThanOrEqual(accepted); // the Login, then at most those

    // Once the server reads again, every queued action goes out and is answered; refused ones never do.
    server.resume();
    await until(() => answered.length === accepted, "the queued actions to be answered");
    expect(client.pendingActions).toBe(0);
    expect(readUserEvents(server)).toEqual(answered);
    expect(readUserEvents(server)).toHaveLength(accepted);
  });

  it("an action that timed out while waiting to be written never reaches the server once it reads again", async () => {
    const server = stallingServer(16 * KiB);
    const client = await stalled(server);
    // ~100 KiB in one tick: one write of at most 64 KiB goes to the transport (and stays pending there),
    // the rest waits in the client.
    const { errors } = issue(client, 100, { timeout: 30 });
    await until(() => errors.length === 100, "the actions to time out");
    expect(errors.every((error) => error instanceof AmiTimeoutError)).toBe(true);
    const handedBeforeResume = new Set(server.handed);
    const heldBack = (errors as AmiTimeoutError[]).filter(
      (error) => !handedBeforeResume.has(error.actionId ?? ""),
    );
    expect(heldBack.length).toBeGreaterThan(0);
    for (const error of heldBack)
      expect(error.message).toMatch(/before it could be written .* it was not sent/);
    expect(client.pendingActions).toBe(0);

    const late = client.send({ Action: "UserEvent", UserEvent: "Late" }, { timeout: 5000 });
    server.resume();
    const answer = await late;
    // The server read what had already been handed to the transport (bytes given to a socket cannot be
    // taken back), then the late action, and none of the actions that timed out in the client's queue.
    const read = readUserEvents(server);
    expect(read.at(-1)).toBe(answer.ActionID);
    for (const error of heldBack) expect(read).not.toContain(error.actionId);
    expect(read.slice(0, -1).every((id) => handedBeforeResume.has(id ?? ""))).toBe(true);
  });

  it("an action aborted while waiting to be written is never sent", async () => {
    const server = stallingServer(16 * KiB);
    const client = await stalled(server);
    const controller = new AbortController();
    const { errors } = issue(client, 100, { signal: controller.signal });
    await sleep(10);
    const handedBeforeAbort = new Set(server.handed);
    controller.abort();
    await until(() => errors.length === 100, "the actions to fail");
    expect(errors.every((error) => error instanceof AmiAbortError)).toBe(true);
    expect(client.pendingActions).toBe(0);
    const late = client.send({ Action: "UserEvent", UserEvent: "Late" }, { timeout: 5000 });
    server.resume();
    const answer = await late;
    const read = readUserEvents(server);
    expect(read.at(-1)).toBe(answer.ActionID);
    // Only what had been handed to the transport before the abort, then the late action.
    expect(read.slice(0, -1).every((id) => handedBeforeAbort.has(id ?? ""))).toBe(true);
    expect(read.length - 1).toBeLessThan(100);
  });

  it("a list that timed out before it was written does not linger: nothing will answer it", async () => {
    const server = stallingServer(16 * KiB);
    const client = await stalled(server);
    // A large action goes alone and stays pending in the transport; the list waits behind it.
    const big = client.send({ Action: "UserEvent", UserEvent: "Big", Body: "y".repeat(70 * KiB) });
    big.catch(() => {});
    const listing = client.list("CoreShowChannels", {}, { timeout: 30 }).catch((error: unknown) => error);
    expect(await listing).toBeInstanceOf(AmiTimeoutError);
    expect(client.pendingActions).toBe(1); // the big one only
    server.resume();
    await big;
    await sleep(10);
    expect(server.read.map((packet) => packet.name)).not.toContain("CoreShowChannels");
  });

  it("the client's own Ping is admitted beyond the bound, so keepalive still finds a stalled server", async () => {
    const server = stallingServer(16 * KiB);
    const client = await stalled(server, {
      maxWriteQueueBytes: 8 * KiB,
      keepalive: { interval: 20, timeout: 60 },
    });
    const { errors } = issue(client, 50);
    await sleep(0);
    expect(errors.some((error) => error instanceof AmiWriteQueueFullError)).toBe(true);
    await until(() => client.state.status === "closed", "keepalive to give the connection up");
    expect(client.state.error?.message).toMatch(/keepalive: no answer to Ping/);
  });

  it("an action larger than maxWriteQueueBytes fails at once, even with nothing queued", async () => {
    const server = stallingServer(16 * KiB);
    const client = await stalled(server, { maxWriteQueueBytes: 4 * KiB });
    server.resume();
    const error = await client
      .send({ Action: "UserEvent", UserEvent: "Huge", Body: "z".repeat(5 * KiB) })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AmiWriteQueueFullError);
    expect((error as AmiWriteQueueFullError).queued).toBe(0);
    expect(client.pendingActions).toBe(0);
    // A small one still goes through.
    await expect(client.send({ Action: "UserEvent", UserEvent: "Small" })).resolves.toMatchObject({
      Response: "Success",
    });
    expect(server.read.map((packet) => packet.name)).toEqual(["Login", "UserEvent"]);
  });

  it("counts bytes, not characters: multi-byte values fill the bound as their UTF-8 takes", async () => {
    const server = stallingServer(1);
    const client = await stalled(server, { maxWriteQueueBytes: 16 * KiB });
    // 3 bytes per character: ~3 KiB per action on the wire, ~1 KiB of characters.
    const wide = "€".repeat(1000);
    let accepted = 0;
    let refused = 0;
    for (let n = 0; n < 20; n++) {
      client.send({ Action: "UserEvent", UserEvent: "Wide", Body: wide }).then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof AmiWriteQueueFullError) refused++;
        },
      );
    }
    await sleep(0);
    accepted = 20 - refused;
    expect(accepted).toBeLessThanOrEqual(5);
    expect(accepted).toBeGreaterThan(0);
  });
});

describe("maxWriteQueueBytes", () => {
  it.each([0, -1, 1.5, Number.NaN, "8"])(
    "%s is refused by createClient with AmiValidationError naming it",
    (value) => {
      const server = stallingServer(KiB);
      expect(() =>
        createClient({
          transport: server.transport,
          username: "admin",
          secret: "amipass",
          maxWriteQueueBytes: value as number,
        }),
      ).toThrow(AmiValidationError);
      expect(() =>
        createClient({
          transport: server.transport,
          username: "admin",
          secret: "amipass",
          maxWriteQueueBytes: value as number,
        }),
      ).toThrow(/maxWriteQueueBytes/);
    },
  );
});
