import { describe, expect, it } from "vitest";
import { AmiEventOverflowError } from "./errors.ts";
import { collect, connected, sleep, until } from "./test-support/harness.ts";
import type { AmiLagged } from "./types.ts";

/** Emits `count` Reload events from the fake, then a Ping round trip so they have all arrived. */
async function flood(setup: Awaited<ReturnType<typeof connected>>, count: number): Promise<void> {
  for (let n = 1; n <= count; n++)
    setup.fake.emit({ Event: "Reload", Privilege: "system,all", N: String(n) });
  await setup.client.action("Ping");
}

describe("slow consumers", () => {
  it("drop-oldest: a reader that falls behind keeps the newest events, counts every drop, reports it on lagged$", async () => {
    const setup = await connected({}, { eventBuffer: { size: 100, overflow: "drop-oldest" } });
    const lagged = collect(setup.client.lagged$);
    const reader = setup.client.events({ names: ["Reload"] });
    const got: string[] = [];
    const consumer = (async () => {
      for await (const event of reader) {
        got.push(event.N as string);
        await sleep(1); // a slow consumer: one event per millisecond at best
        if (event.N === "2000") break;
      }
    })();
    await flood(setup, 2000);
    expect(reader.buffered).toBeLessThanOrEqual(100);
    await consumer;
    expect(reader.dropped).toBeGreaterThan(0);
    // Never silent: every event is either delivered or counted as dropped.
    expect(got.length + reader.dropped).toBe(2000);
    expect(got.at(-1)).toBe("2000");
    expect((lagged as AmiLagged[]).at(-1)?.total).toBe(reader.dropped);
  });

  it("error: a reader that falls behind gets what it holds, then AmiEventOverflowError; memory stays bounded", async () => {
    const setup = await connected({}, { eventBuffer: { size: 50 } });
    const reader = setup.client.events({ names: ["Reload"] });
    await flood(setup, 1000);
    expect(reader.buffered).toBe(50);
    const got: string[] = [];
    const error = await (async () => {
      for await (const event of reader) got.push(event.N as string);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(AmiEventOverflowError);
    expect(error.limit).toBe(50);
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1)));
  });

  it("per-reader options override the client's, and events$ subscribers are unaffected by readers", async () => {
    const setup = await connected();
    const all = collect(setup.client.events$);
    const small = setup.client.events({ size: 5, overflow: "drop-oldest" });
    await flood(setup, 20);
    expect(small.buffered).toBe(5);
    expect(small.dropped).toBe(15);
    expect(all.filter((e) => e.Event === "Reload")).toHaveLength(20);
    small.close();
    expect(small.buffered).toBe(0);
  });

  it("a reader's options are checked like the client's: a bad overflow or names is refused, not guessed", async () => {
    const { client } = await connected();
    expect(() => client.events({ overflow: "drop-newest" as never })).toThrow(
      'events(): overflow must be "error" or "drop-oldest"',
    );
    expect(() => client.events({ size: 0 })).toThrow("events(): size must be an integer >= 1");
    expect(() => client.events({ names: "Hangup" as never })).toThrow("events(): names must be an array");
  });

  it("a reader keeps up with a consumer that is fast enough, losing nothing", async () => {
    const setup = await connected({}, { eventBuffer: { size: 10 } });
    const reader = setup.client.events({ names: ["Reload"] });
    const got: string[] = [];
    const consumer = (async () => {
      for await (const event of reader) {
        got.push(event.N as string);
        if (got.length === 300) break;
      }
    })();
    for (let n = 1; n <= 300; n++) {
      setup.fake.emit({ Event: "Reload", Privilege: "system,all", N: String(n) });
      if (n % 5 === 0) {
        await setup.client.action("Ping");
        await until(() => reader.buffered === 0, "the consumer to catch up");
      }
    }
    await consumer;
    expect(got).toHaveLength(300);
    expect(reader.dropped).toBe(0);
  });
});
