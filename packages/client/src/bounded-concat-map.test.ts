import { firstValueFrom, Observable, of, Subject, toArray } from "rxjs";
import { describe, expect, it } from "vitest";
import { boundedConcatMap } from "./bounded-concat-map.ts";
import { AmiEventOverflowError, AmiValidationError } from "./errors.ts";
import { ofEvent } from "./operators.ts";
import { connected, sleep, until } from "./test-support/harness.ts";
import type { AmiLagged } from "./types.ts";

/** A handler whose calls finish only when `release()` is called. */
function gatedHandler() {
  const started: number[] = [];
  const gates: (() => void)[] = [];
  const handler = (value: number) => {
    started.push(value);
    return new Promise<number>((resolve) => gates.push(() => resolve(value * 10)));
  };
  const release = async () => {
    while (gates.length > 0) {
      gates.shift()?.();
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { handler, started, release };
}

describe("boundedConcatMap", () => {
  it("drop-oldest: at most `size` values wait behind a slow handler; each drop is reported, nothing silently lost", async () => {
    const source = new Subject<number>();
    const lagged: AmiLagged[] = [];
    const { handler, started, release } = gatedHandler();
    const results: number[] = [];
    let completed = false;
    source
      .pipe(boundedConcatMap(handler, { size: 10, overflow: "drop-oldest", onLagged: (l) => lagged.push(l) }))
      .subscribe({ next: (r) => results.push(r), complete: () => (completed = true) });
    for (let n = 1; n <= 1000; n++) source.next(n);
    source.complete();
    expect(started).toEqual([1]); // one runs, ten wait, the rest pushed the oldest out
    expect(lagged).toHaveLength(989);
    expect(lagged.at(-1)).toEqual({ dropped: 1, total: 989 });
    await release();
    await until(() => completed, "completion");
    const kept = [1, ...Array.from({ length: 10 }, (_, i) => 991 + i)];
    expect(started).toEqual(kept);
    expect(results).toEqual(kept.map((n) => n * 10));
    expect(started.length + (lagged.at(-1)?.total ?? 0)).toBe(1000);
  });

  it("error: stops taking values at the overflow, finishes what waits, then errors with AmiEventOverflowError", async () => {
    const source = new Subject<number>();
    const { handler, release } = gatedHandler();
    const results: number[] = [];
    let failure: unknown;
    source.pipe(boundedConcatMap(handler, { size: 10 })).subscribe({
      next: (r) => results.push(r),
      error: (e) => (failure = e),
    });
    for (let n = 1; n <= 1000; n++) source.next(n);
    expect(source.observed).toBe(false); // unsubscribed from the source at the overflow
    await release();
    await until(() => failure !== undefined, "the error");
    expect(failure).toBeInstanceOf(AmiEventOverflowError);
    expect((failure as AmiEventOverflowError).limit).toBe(10);
    expect(results).toEqual(Array.from({ length: 11 }, (_, i) => (i + 1) * 10));
  });

  it("loses nothing and keeps order when the handler keeps up; completes after the last result", async () => {
    const source = new Subject<number>();
    const done = firstValueFrom(
      source.pipe(
        boundedConcatMap(
          async (n) => {
            await sleep(0);
            return n;
          },
          { size: 3 },
        ),
        toArray(),
      ),
    );
    for (let n = 1; n <= 50; n++) {
      source.next(n);
      await sleep(2);
    }
    source.complete();
    expect(await done).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("runs synchronous inner work in a loop: 100 000 values, no stack overflow, no drop", async () => {
    const total = await firstValueFrom(
      of(...Array.from({ length: 100_000 }, (_, i) => i)).pipe(
        boundedConcatMap((n) => of(n), { size: 1 }),
        toArray(),
      ),
    );
    expect(total).toHaveLength(100_000);
    expect(total.at(-1)).toBe(99_999);
  });

  it("unsubscribing stops the running work and the source", () => {
    const source = new Subject<number>();
    let innerTornDown = false;
    const never = new Observable<number>(() => () => {
      innerTornDown = true;
    });
    const subscription = source.pipe(boundedConcatMap(() => never, { size: 5 })).subscribe();
    source.next(1);
    source.next(2);
    expect(innerTornDown).toBe(false);
    subscription.unsubscribe();
    expect(innerTornDown).toBe(true);
    expect(source.observed).toBe(false);
  });

  it("refuses a bad size, and drop-oldest without onLagged (that loss would be silent)", () => {
    expect(() => boundedConcatMap(async () => 1, { size: 0 })).toThrow(AmiValidationError);
    expect(() =>
      boundedConcatMap(async () => 1, { size: 2, overflow: "drop-oldest" } as unknown as {
        size: number;
        overflow: "drop-oldest";
        onLagged: () => void;
      }),
    ).toThrow(/needs onLagged/);
  });

  it("bounds an events$ pipeline with a slow asynchronous handler", async () => {
    const { fake, client } = await connected();
    let handled = 0;
    let dropped = 0;
    const subscription = client.events$
      .pipe(
        ofEvent("Reload"),
        boundedConcatMap(
          async () => {
            await sleep(1);
            handled += 1;
          },
          { size: 50, overflow: "drop-oldest", onLagged: (l) => (dropped = l.total) },
        ),
      )
      .subscribe();
    for (let n = 1; n <= 2000; n++) fake.emit({ Event: "Reload", Privilege: "system,all", N: String(n) });
    await client.action("Ping");
    await until(() => handled + dropped === 2000, "every event handled or counted as dropped", 5000);
    expect(dropped).toBeGreaterThan(0);
    expect(handled).toBeLessThan(2000);
    subscription.unsubscribe();
  });
});
