import { Subject } from "rxjs";
import { describe, expect, it } from "vitest";
import { AmiEventOverflowError, AmiValidationError } from "./errors.ts";
import { createEventReaders } from "./event-reader.ts";
import type { AmiEvent, AmiLagged } from "./types.ts";

const event = (name: string, n: number): AmiEvent => ({ Event: name, N: String(n) });

async function take(reader: AsyncIterator<AmiEvent>, count: number): Promise<unknown[]> {
  const got: unknown[] = [];
  for (let i = 0; i < count; i++) got.push((await reader.next()).value?.N);
  return got;
}

describe("createEventReaders", () => {
  it("drop-oldest keeps the newest `size` events and reports every drop on lagged$", async () => {
    const source = new Subject<AmiEvent>();
    const { events, lagged$ } = createEventReaders(source, { overflow: "drop-oldest" });
    const lagged: AmiLagged[] = [];
    lagged$.subscribe((l) => lagged.push(l));
    const reader = events({ size: 3 });
    for (let n = 1; n <= 6; n++) source.next(event("X", n));
    expect(reader.buffered).toBe(3);
    expect(reader.dropped).toBe(3);
    expect(lagged).toEqual([
      { dropped: 1, total: 1 },
      { dropped: 1, total: 2 },
      { dropped: 1, total: 3 },
    ]);
    expect(await take(reader, 3)).toEqual(["4", "5", "6"]);
  });

  it("error policy (the default) yields what it holds, then throws, and leaves the source", async () => {
    const source = new Subject<AmiEvent>();
    const reader = createEventReaders(source).events({ size: 2 });
    for (let n = 1; n <= 5; n++) source.next(event("X", n));
    expect(source.observed).toBe(false);
    const got: unknown[] = [];
    const error = await (async () => {
      for await (const e of reader) got.push(e.N);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmiEventOverflowError);
    expect((error as AmiEventOverflowError).limit).toBe(2);
    expect(got).toEqual(["1", "2"]);
  });

  it("filters by name, case-insensitively, and skips events without a string Event", async () => {
    const source = new Subject<AmiEvent>();
    const reader = createEventReaders(source).events({ names: ["hangup"] });
    source.next(event("Newchannel", 1));
    source.next(event("Hangup", 2));
    source.next({ N: "3" });
    source.next(event("HANGUP", 4));
    expect(reader.buffered).toBe(2);
    expect(await take(reader, 2)).toEqual(["2", "4"]);
  });

  it("ends on abort (and at once for an aborted signal), unsubscribing from the source", async () => {
    const source = new Subject<AmiEvent>();
    const { events } = createEventReaders(source);
    const aborted = events({ signal: AbortSignal.abort() });
    expect(source.observed).toBe(false);
    expect(await aborted.next()).toEqual({ value: undefined, done: true });
    const controller = new AbortController();
    const reader = events({ signal: controller.signal });
    const pending = reader.next();
    controller.abort();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(source.observed).toBe(false);
  });

  it("ends when the source completes, after yielding what it holds; later readers end at once", async () => {
    const source = new Subject<AmiEvent>();
    const { events, lagged$ } = createEventReaders(source);
    let laggedDone = false;
    lagged$.subscribe({ complete: () => (laggedDone = true) });
    const reader = events();
    source.next(event("X", 1));
    source.complete();
    expect(laggedDone).toBe(true);
    expect(await take(reader, 1)).toEqual(["1"]);
    expect((await reader.next()).done).toBe(true);
    expect((await events().next()).done).toBe(true);
  });

  it("throws the source's error once it has yielded what it holds", async () => {
    const source = new Subject<AmiEvent>();
    const reader = createEventReaders(source).events();
    source.next(event("X", 1));
    source.error(new Error("boom"));
    expect(await take(reader, 1)).toEqual(["1"]);
    await expect(reader.next()).rejects.toThrow("boom");
    expect((await reader.next()).done).toBe(true);
    const waiting = createEventReaders(source).events();
    expect((await waiting.next().catch((e: Error) => e.message)) as unknown).toBe("boom");
  });

  it("refuses bad options with AmiValidationError", () => {
    const { events } = createEventReaders(new Subject<AmiEvent>());
    expect(() => events({ size: 0 })).toThrow(AmiValidationError);
    expect(() => events({ size: 1.5 })).toThrow("events(): size must be an integer >= 1");
    expect(() => events({ overflow: "drop-newest" as "error" })).toThrow(
      'events(): overflow must be "error" or "drop-oldest"',
    );
    expect(() => events({ names: "Hangup" as unknown as string[] })).toThrow(AmiValidationError);
    expect(() => events({ signal: {} as AbortSignal })).toThrow("events(): signal must be an AbortSignal");
    expect(() => createEventReaders(new Subject<AmiEvent>(), { size: -1 })).toThrow(AmiValidationError);
  });
});
