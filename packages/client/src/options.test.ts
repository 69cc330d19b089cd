import { describe, expect, it } from "vitest";
import { createClient } from "./client.ts";
import { AmiValidationError } from "./errors.ts";
import { eventMaskOf, resolveOptions } from "./options.ts";
import type { AmiTransport } from "./transport.ts";

const transport: AmiTransport = {
  specificationVersion: "v1",
  name: "never",
  open: () => new Promise(() => {}),
};
const base = { transport, username: "admin", secret: "amipass" };

describe("createClient options", () => {
  it("applies the documented defaults", () => {
    const resolved = resolveOptions(base);
    expect(resolved).toMatchObject({
      host: "127.0.0.1",
      port: 5038,
      authType: "plain",
      eventMask: undefined,
      actionTimeout: 10_000,
      connectTimeout: 10_000,
      validate: true,
      offlineQueue: 1000,
      eventBufferSize: 10_000,
      eventOverflow: "error",
      listEventsToEventStream: false,
      closeTimeout: 2_000,
      keepalive: undefined,
    });
    expect(resolved.reconnect).toMatchObject({ initialDelay: 250, maxDelay: 30_000, factor: 2 });
    expect(resolved.actionIdPrefix).toMatch(/^amikit-[0-9a-z]+-$/);
  });

  it("maps events to the Login header and keepalive shorthands", () => {
    expect([
      eventMaskOf(true),
      eventMaskOf(false),
      eventMaskOf("call,system"),
      eventMaskOf(undefined),
    ]).toEqual(["on", "off", "call,system", undefined]);
    expect(resolveOptions({ ...base, keepalive: 5000 }).keepalive).toEqual({ interval: 5000, timeout: 5000 });
    expect(resolveOptions({ ...base, keepalive: 60_000 }).keepalive).toEqual({
      interval: 60_000,
      timeout: 10_000,
    });
    expect(resolveOptions({ ...base, keepalive: { interval: 100, timeout: 7 } }).keepalive).toEqual({
      interval: 100,
      timeout: 7,
    });
    expect(resolveOptions({ ...base, reconnect: false }).reconnect).toBeUndefined();
    expect(resolveOptions({ ...base, offlineQueue: false }).offlineQueue).toBe(0);
  });

  it("rejects invalid options with AmiValidationError", () => {
    const bad: unknown[] = [
      { ...base, transport: undefined },
      { ...base, transport: { ...transport, specificationVersion: "v2" } },
      { ...base, username: "" },
      { ...base, secret: 42 },
      { ...base, authType: "sha" },
      { ...base, port: 70_000 },
      { ...base, actionTimeout: 0 },
      { ...base, connectTimeout: -1 },
      { ...base, keepalive: { interval: 0 } },
      { ...base, offlineQueue: -1 },
      { ...base, eventBuffer: { size: 0 } },
      { ...base, eventBuffer: { overflow: "block" } },
      { ...base, reconnect: { factor: 0 } },
      { ...base, username: "a\nb" },
    ];
    for (const options of bad) {
      expect(() => createClient(options as never), JSON.stringify(options)).toThrow(AmiValidationError);
    }
  });
});
