// Per-action options of the wrong type are refused with AmiValidationError naming them and what was
// given, before anything is sent.
import { describe, expect, it } from "vitest";
import { AmiValidationError } from "./errors.ts";
import { connected } from "./test-support/harness.ts";

describe("per-action options", () => {
  it("a timeout or signal of the wrong type is an AmiValidationError, and nothing is sent", async () => {
    const { fake, client } = await connected();
    const badTimeout = client.action("Ping", {}, { timeout: "5s" } as never);
    await expect(badTimeout).rejects.toBeInstanceOf(AmiValidationError);
    await expect(badTimeout).rejects.toThrow(
      'Ping: timeout must be a positive number of milliseconds (got "5s")',
    );
    await expect(client.action("Ping", {}, { timeout: -1 })).rejects.toThrow(/\(got -1\)/);
    const badSignal = client.action("Ping", {}, { signal: {} as never });
    await expect(badSignal).rejects.toBeInstanceOf(AmiValidationError);
    await expect(badSignal).rejects.toThrow("Ping: signal must be an AbortSignal (got an object)");
    await expect(client.command("core show uptime", { signal: "stop" as never })).rejects.toBeInstanceOf(
      AmiValidationError,
    );
    expect(fake.sessions[0]?.received.map((p) => p.name)).toEqual(["Login"]);
    expect(client.pendingActions).toBe(0);
  });
});
