import { AmiPacket } from "@amikit/codec";
import { describe, expect, it } from "vitest";
import { AmiEventOverflowError } from "./errors.ts";
import { EventHub, type ReaderSettings } from "./events.ts";
import type { AmiLagged } from "./types.ts";

const event = (name: string, n: number) =>
  new AmiPacket([
    ["Event", name],
    ["N", String(n)],
  ]);
const settings = (overrides: Partial<ReaderSettings> = {}): ReaderSettings => ({
  size: 3,
  overflow: "error",
  names: undefined,
  signal: undefined,
  ...overrides,
});

describe("EventHub", () => {
  it("converts nothing while nobody listens, and fans out to every subscriber", () => {
    const hub = new EventHub();
    expect(hub.observed).toBe(false);
    const a: unknown[] = [];
    const b: unknown[] = [];
    hub.events$.subscribe((e) => a.push(e.N));
    hub.events$.subscribe((e) => b.push(e.N));
    hub.publish(event("X", 1));
    expect(a).toEqual(["1"]);
    expect(b).toEqual(["1"]);
  });

  it("drop-oldest keeps the newest `size` events and counts every drop on lagged$", async () => {
    const hub = new EventHub();
    const lagged: AmiLagged[] = [];
    hub.lagged$.subscribe((l) => lagged.push(l));
    const reader = hub.reader(settings({ overflow: "drop-oldest" }));
    for (let n = 1; n <= 10; n++) hub.publish(event("X", n));
    expect(reader.buffered).toBe(3);
    expect(reader.dropped).toBe(7);
    expect(lagged.map((l) => l.total)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const got = [];
    for (let i = 0; i < 3; i++) got.push((await reader.next()).value?.N);
    expect(got).toEqual(["8", "9", "10"]);
  });

  it("error policy yields what it holds, then throws AmiEventOverflowError, and stops buffering", async () => {
    const hub = new EventHub();
    const reader = hub.reader(settings());
    for (let n = 1; n <= 100; n++) hub.publish(event("X", n));
    expect(reader.buffered).toBe(3);
    expect(hub.observed).toBe(false);
    const got: unknown[] = [];
    await expect(
      (async () => {
        for await (const e of reader) got.push(e.N);
      })(),
    ).rejects.toBeInstanceOf(AmiEventOverflowError);
    expect(got).toEqual(["1", "2", "3"]);
  });

  it("a waiting reader is handed the next event directly", async () => {
    const hub = new EventHub();
    const reader = hub.reader(settings());
    const next = reader.next();
    hub.publish(event("X", 1));
    expect((await next).value?.N).toBe("1");
  });

  it("filters by name (case-insensitive) and ends on abort, close() and hub end", async () => {
    const hub = new EventHub();
    const controller = new AbortController();
    const reader = hub.reader(settings({ names: ["hangup"], signal: controller.signal }));
    hub.publish(event("Newchannel", 1));
    hub.publish(event("Hangup", 2));
    expect(reader.buffered).toBe(1);
    controller.abort();
    hub.publish(event("Hangup", 3));
    expect((await reader.next()).value?.N).toBe("2");
    expect((await reader.next()).done).toBe(true);

    const closing = hub.reader(settings());
    hub.publish(event("X", 1));
    closing.close();
    expect((await closing.next()).done).toBe(true);

    const ending = hub.reader(settings());
    const pending = ending.next();
    hub.end();
    expect((await pending).done).toBe(true);
    expect((await hub.reader(settings()).next()).done).toBe(true);
  });

  it("stays bounded in memory under a sustained flood", () => {
    const hub = new EventHub();
    const reader = hub.reader(settings({ size: 100, overflow: "drop-oldest" }));
    for (let n = 0; n < 200_000; n++) hub.publish(event("X", n));
    expect(reader.buffered).toBe(100);
    expect(reader.dropped).toBe(199_900);
  });
});
