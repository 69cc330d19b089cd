import * as rxjs from "rxjs";
import { describe, expect, it } from "vitest";
import * as rx from "./rx.ts";

describe("rx (the RxJS values the client imports module by module)", () => {
  it("gives exactly the objects rxjs exports, so callers' instanceof and operators work", () => {
    const exported: Record<string, unknown> = { ...rxjs };
    const ours = Object.entries({ ...rx });
    expect(ours.length).toBeGreaterThan(0);
    for (const [name, value] of ours) expect(value, name).toBe(exported[name]);
  });

  it("makes observables that rxjs's own operators and isObservable accept", async () => {
    const source = rx.of(1, 2, 3).pipe(rx.filter((n) => n !== 2));
    expect(rxjs.isObservable(source)).toBe(true);
    expect(source).toBeInstanceOf(rxjs.Observable);
    expect(await rxjs.firstValueFrom(source.pipe(rxjs.toArray()))).toEqual([1, 3]);
  });
});
