import { describe, expect, it } from "vitest";
import { PendingStore } from "./pending-store.ts";

interface Item {
  readonly key: number | string;
}

/** A small deterministic pseudo-random generator (xorshift), so a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

describe("PendingStore", () => {
  it("finds, removes and lists in issue order generated and caller keys alike", () => {
    const store = new PendingStore<Item>();
    const a = { key: 1 };
    const caller = { key: "mine" };
    const callerNumber = { key: 2 };
    const b = { key: 3 };
    store.set(1, a, true);
    store.set("mine", caller, false);
    store.set(2, callerNumber, false);
    store.set(3, b, true);
    expect(store.size).toBe(4);
    expect([store.get(1), store.get("mine"), store.get(2), store.get(3), store.get(4)]).toEqual([
      a,
      caller,
      callerNumber,
      b,
      undefined,
    ]);
    expect(store.values()).toEqual([a, caller, callerNumber, b]);
    store.delete(1, a);
    store.delete(2, callerNumber);
    expect(store.has(1)).toBe(false);
    expect(store.has(2)).toBe(false);
    expect(store.values()).toEqual([caller, b]);
  });

  it("moves an old entry out of the way when thousands after it ended, and still finds it", () => {
    const store = new PendingStore<Item>();
    const old = { key: 1 };
    store.set(1, old, true);
    for (let key = 2; key < 20_000; key++) {
      const item = { key };
      store.set(key, item, true);
      store.delete(key, item);
    }
    const last = { key: 20_000 };
    store.set(20_000, last, true);
    expect(store.get(1)).toBe(old);
    expect(store.values()).toEqual([old, last]);
    store.delete(1, old);
    expect(store.size).toBe(1);
    expect(store.get(1)).toBeUndefined();
    expect(store.get(20_000)).toBe(last);
  });

  it("behaves like a Map kept in issue order under random adds and removes", () => {
    for (const seed of [1, 7, 42, 2024]) {
      const next = random(seed);
      const store = new PendingStore<Item>();
      const model = new Map<number | string, { item: Item; order: number }>();
      let counter = 0;
      let order = 0;
      for (let step = 0; step < 20_000; step++) {
        const roll = next();
        if (roll < 0.5) {
          // A generated key, sometimes skipping a few (a caller took them) or many.
          counter += next() < 0.9 ? 1 : next() < 0.8 ? 1 + Math.floor(next() * 10) : 500;
          if (model.has(counter)) continue;
          const item = { key: counter };
          store.set(counter, item, true);
          model.set(counter, { item, order: order++ });
        } else if (roll < 0.55) {
          const key = next() < 0.5 ? `caller-${step}` : counter + 1 + Math.floor(next() * 5);
          if (model.has(key)) continue;
          const item = { key };
          store.set(key, item, false);
          model.set(key, { item, order: order++ });
        } else if (model.size > 0) {
          // Mostly the oldest ends first; sometimes any, and a few stay very long.
          const keys = [...model.keys()];
          const pick = next() < 0.6 ? 0 : Math.floor(next() * keys.length);
          const key = keys[pick] as number | string;
          if (pick === 0 && next() < 0.02) continue;
          const held = model.get(key);
          if (held === undefined) continue;
          store.delete(key, held.item);
          model.delete(key);
        }
        if (step % 997 === 0) {
          const expected = [...model.values()].sort((x, y) => x.order - y.order).map((held) => held.item);
          expect(store.values()).toEqual(expected);
        }
        expect(store.size).toBe(model.size);
      }
      for (const [key, held] of model) expect(store.get(key)).toBe(held.item);
      expect(store.get(counter + 1000)).toBeUndefined();
    }
  });
});
