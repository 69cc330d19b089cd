// An action name that is not a non-empty string is refused with a typed error, not a TypeError from
// deep inside the client, and nothing reaches the wire.
import { firstValueFrom, toArray } from "rxjs";
import { describe, expect, it } from "vitest";
import { AmiValidationError } from "./errors.ts";
import { connected } from "./test-support/harness.ts";

describe("action names", () => {
  it("action(42), action(''), list(null), action$({}) and list$(undefined) reject with AmiValidationError", async () => {
    const { fake, client } = await connected();
    const untyped = client as unknown as Record<string, (...args: unknown[]) => unknown>;
    const cases: [string, unknown, string][] = [
      ["action", 42, "(got 42)"],
      ["action", "", "(got an empty string)"],
      ["list", null, "(got null)"],
    ];
    for (const [method, name, given] of cases) {
      const call = untyped[method]?.call(client, name) as Promise<unknown>;
      await expect(call, `${method}(${String(name)})`).rejects.toThrow(AmiValidationError);
      await expect(call).rejects.toThrow(`the action name must be a non-empty string ${given}`);
    }
    for (const [method, name] of [
      ["action$", {}],
      ["list$", undefined],
    ] as const) {
      const stream = untyped[method]?.call(client, name) as import("rxjs").Observable<unknown>;
      await expect(firstValueFrom(stream.pipe(toArray())), method).rejects.toBeInstanceOf(AmiValidationError);
    }
    expect(fake.sessions[0]?.received.map((p) => p.name)).toEqual(["Login"]);
    expect(client.pendingActions).toBe(0);
  });
});
