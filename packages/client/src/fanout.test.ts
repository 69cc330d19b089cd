import { filter, map } from "rxjs";
import { describe, expect, it } from "vitest";
import { Fanout } from "./fanout.ts";

describe("Fanout (the event stream's multicast)", () => {
  it("delivers every value to every subscriber in subscription order, through operators too", () => {
    const fanout = new Fanout<number>();
    const seen: string[] = [];
    fanout.observable.subscribe((value) => seen.push(`a${value}`));
    fanout.observable
      .pipe(
        filter((value) => value % 2 === 0),
        map((value) => value * 10),
      )
      .subscribe((value) => seen.push(`b${value}`));
    for (const value of [1, 2, 3, 4]) fanout.next(value);
    expect(seen).toEqual(["a1", "a2", "b20", "a3", "a4", "b40"]);
  });

  it("delivers to a keyed subscriber only the values of its keys, in subscription order with the others", () => {
    const fanout = new Fanout<number>();
    const seen: string[] = [];
    expect(fanout.keyed).toBe(false);
    const keyed = fanout.keyedObservable(new Set(["even"])).subscribe((value) => seen.push(`k${value}`));
    fanout.observable.subscribe((value) => seen.push(`a${value}`));
    expect(fanout.keyed).toBe(true);
    for (const value of [1, 2, 3]) fanout.next(value, value % 2 === 0 ? "even" : "odd");
    fanout.next(4); // no key: only the subscribers without keys
    expect(seen).toEqual(["a1", "k2", "a2", "a3", "a4"]);
    keyed.unsubscribe();
    keyed.unsubscribe();
    expect(fanout.keyed).toBe(false);
    fanout.next(6, "even");
    expect(seen.at(-1)).toBe("a6");
  });

  it("is hot: a late subscriber gets only what comes after it", () => {
    const fanout = new Fanout<number>();
    fanout.next(1);
    const seen: number[] = [];
    fanout.observable.subscribe((value) => seen.push(value));
    fanout.next(2);
    expect(seen).toEqual([2]);
  });

  it("reports whether anybody listens, and forgets unsubscribed subscribers", () => {
    const fanout = new Fanout<number>();
    expect(fanout.observed).toBe(false);
    const first = fanout.observable.subscribe(() => {});
    const second = fanout.observable.subscribe(() => {});
    expect(fanout.observed).toBe(true);
    first.unsubscribe();
    expect(fanout.observed).toBe(true);
    second.unsubscribe();
    expect(fanout.observed).toBe(false);
  });

  it("stops delivering to a subscriber that unsubscribes during a delivery, and starts a new one with the next value", () => {
    const fanout = new Fanout<number>();
    const seen: string[] = [];
    let late = false;
    const second = { unsubscribe: () => {} };
    fanout.observable.subscribe((value) => {
      seen.push(`a${value}`);
      second.unsubscribe();
      if (!late) {
        late = true;
        fanout.observable.subscribe((v) => seen.push(`c${v}`));
      }
    });
    const subscription = fanout.observable.subscribe((value) => seen.push(`b${value}`));
    second.unsubscribe = () => subscription.unsubscribe();
    fanout.next(1);
    fanout.next(2);
    expect(seen).toEqual(["a1", "a2", "c2"]);
  });

  it("completes every subscriber once, and completes later subscribers at once", () => {
    const fanout = new Fanout<number>();
    const events: string[] = [];
    fanout.observable.subscribe({
      next: (v) => events.push(`next ${v}`),
      complete: () => events.push("done 1"),
    });
    fanout.complete();
    fanout.complete();
    fanout.next(5);
    fanout.observable.subscribe({
      next: (v) => events.push(`next ${v}`),
      complete: () => events.push("done 2"),
    });
    expect(events).toEqual(["done 1", "done 2"]);
    expect(fanout.observed).toBe(false);
  });
});
