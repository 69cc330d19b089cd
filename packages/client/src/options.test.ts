import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createClient } from "./client.ts";
import { AmiValidationError } from "./errors.ts";
import { type AmiClientOptions, CLIENT_OPTION_NAMES, eventMaskOf, resolveOptions } from "./options.ts";
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
      { ...base, port: 0 },
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

type OptionName = (typeof CLIENT_OPTION_NAMES)[number];

/**
 * For every option: values `createClient` must refuse, each with the option path the error must name
 * (`reconnect.factor` …). A new option in `AmiClientOptions` fails the type check below until it is in
 * `CLIENT_OPTION_NAMES`, and then this test until it has cases here (and a row in the README).
 */
const BAD: Record<OptionName, readonly (readonly [value: unknown, path?: string])[]> = {
  transport: [[undefined], [null], [{ open: 1 }], [{ ...transport, specificationVersion: "v2" }]],
  host: [[""], [42], ["pbx\r\nAction: Login"], [{}]],
  port: [[0], [-1], [70_000], [1.5], [Number.NaN], ["5038"]],
  tls: [
    ["yes"],
    [42],
    [null],
    [{ serverName: 1 }, "tls.serverName"],
    [{ rejectUnauthorized: "no" }, "tls.rejectUnauthorized"],
    [{ key: 42 }, "tls.key"],
    [{ ca: [1] }, "tls.ca"],
    [{ cert: "" }, "tls.cert"],
  ],
  username: [[""], [undefined], [42], ["a\nb"]],
  secret: [[undefined], [424242], ["hunter2\r\nAction: Originate"]],
  authType: [["sha"], [1]],
  events: [[""], [42], ["call\r\nSecret: x"], [{}]],
  actionTimeout: [[0], [-5], [Number.NaN], ["10"]],
  connectTimeout: [[0], [-1], [Number.NaN], [null]],
  reconnect: [
    ["on"],
    [42],
    [null],
    [{ factor: 0 }, "reconnect.factor"],
    [{ jitter: 2 }, "reconnect.jitter"],
    [{ initialDelay: -1 }, "reconnect.initialDelay"],
    [{ initialDelay: 10, maxDelay: 5 }, "reconnect.maxDelay"],
    [{ maxAttempts: 0 }, "reconnect.maxAttempts"],
    [{ stableAfter: Number.NaN }, "reconnect.stableAfter"],
  ],
  keepalive: [
    [true],
    [0],
    [-1],
    ["30s"],
    [{}, "keepalive.interval"],
    [{ interval: 0 }, "keepalive.interval"],
    [{ interval: 100, timeout: -1 }, "keepalive.timeout"],
  ],
  validate: [["yes"], [0], [null]],
  offlineQueue: [[-1], [1.5], [true], [Number.NaN]],
  eventBuffer: [
    [10],
    [null],
    [{ size: 0 }, "eventBuffer.size"],
    [{ size: 1.5 }, "eventBuffer.size"],
    [{ overflow: "block" }, "eventBuffer.overflow"],
  ],
  listEventsToEventStream: [["true"], [1]],
  actionIdPrefix: [[42], ["a\r\nb"], ["x".repeat(65)]],
  closeTimeout: [[0], [-1], [Number.NaN]],
  maxPacketBytes: [[0], [-5], [Number.NaN], [1.5], [Number.POSITIVE_INFINITY], ["4096"]],
  maxPacketFields: [[0], [-5], [Number.NaN], [1.5], [Number.POSITIVE_INFINITY], ["4096"]],
  maxWriteQueueBytes: [[0], [-5], [Number.NaN], [1.5], ["4096"]],
  greeting: [["Asterisk"], [42], [null]],
  random: [[0.5], ["random"]],
};

/** Values each option accepts (so the checks are not stricter than documented). */
const GOOD: Record<OptionName, readonly unknown[]> = {
  transport: [transport],
  host: ["pbx.example.com", "::1"],
  port: [1, 5038, 65535],
  tls: [true, false, {}, { serverName: "pbx", ca: ["-----BEGIN"], rejectUnauthorized: false }],
  username: ["admin"],
  secret: ["", "amipass"],
  authType: ["plain", "md5"],
  events: [true, false, "call,system"],
  actionTimeout: [1, 10_000, Number.POSITIVE_INFINITY],
  connectTimeout: [5],
  reconnect: [true, false, {}, { maxAttempts: Number.POSITIVE_INFINITY, stableAfter: 0 }],
  keepalive: [false, 1000, { interval: 1000 }, { interval: 1000, timeout: 50 }],
  validate: [true, false],
  offlineQueue: [false, 0, 5],
  eventBuffer: [{}, { size: 1, overflow: "drop-oldest" }],
  listEventsToEventStream: [true, false],
  actionIdPrefix: ["", "app-"],
  closeTimeout: [1],
  maxPacketBytes: [1, 65_536],
  maxPacketFields: [1, 131_072],
  maxWriteQueueBytes: [1, 65_536],
  greeting: [/^AMI/, () => true],
  random: [() => 0],
};

describe("every option is validated (table-driven over CLIENT_OPTION_NAMES)", () => {
  it("lists every member of AmiClientOptions, once", () => {
    expectTypeOf<Exclude<keyof AmiClientOptions, OptionName>>().toEqualTypeOf<never>();
    expect(new Set(CLIENT_OPTION_NAMES).size).toBe(CLIENT_OPTION_NAMES.length);
    expect(Object.keys(BAD).sort()).toEqual([...CLIENT_OPTION_NAMES].sort());
    expect(Object.keys(GOOD).sort()).toEqual([...CLIENT_OPTION_NAMES].sort());
  });

  for (const name of CLIENT_OPTION_NAMES) {
    it(`${name}: a bad value is an AmiValidationError naming it and what was given`, () => {
      expect(BAD[name]?.length ?? 0, `no bad values listed for ${name}`).toBeGreaterThan(0);
      for (const [value, path = name] of BAD[name]) {
        const label = `${path} = ${String(typeof value === "string" ? JSON.stringify(value) : value)}`;
        let thrown: unknown;
        try {
          createClient({ ...base, [name]: value } as never);
        } catch (error) {
          thrown = error;
        }
        expect(thrown, label).toBeInstanceOf(AmiValidationError);
        const message = (thrown as Error).message;
        expect(message, label).toContain(`\`${path}\``);
        expect(message.length, label).toBeLessThan(300);
        // What was given — for secrets and TLS keys/certificates only its kind, never the value.
        if (name === "secret") {
          if (value !== undefined) expect(message, label).not.toContain(String(value).slice(0, 7));
          expect(message, label).toMatch(/\(got (a|an|undefined)\b|cannot contain CR, LF or NUL$/);
        } else if (/^tls\.(key|cert|ca)$/.test(path)) {
          expect(message, label).toMatch(/\(got (a|an) [a-z ]+\)$/);
        } else {
          expect(message, label).toMatch(/\(got .+\)$/);
        }
      }
    });

    it(`${name}: documented values are accepted`, () => {
      for (const value of GOOD[name]) {
        expect(
          () => createClient({ ...base, [name]: value } as never),
          `${name} = ${String(value)}`,
        ).not.toThrow();
      }
    });
  }

  it("shows what was given briefly: the number, or a short quoted prefix of a string", () => {
    expect(() => createClient({ ...base, maxPacketBytes: -5 })).toThrow(
      "`maxPacketBytes` must be an integer >= 1 (bytes) (got -5)",
    );
    expect(() => createClient({ ...base, maxPacketBytes: Number.NaN })).toThrow("(got NaN)");
    expect(() => createClient({ ...base, host: `${"h".repeat(50)}\n` })).toThrow(
      `(got "${"h".repeat(40)}"…)`,
    );
    expect(() => createClient({ ...base, secret: 42 as never })).toThrow(
      "`secret` must be a string without CR, LF or NUL (got a number)",
    );
  });

  it("the README's options table has a row for every option", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const table = readme.slice(readme.indexOf("## Options"));
    for (const name of CLIENT_OPTION_NAMES)
      expect(table, name).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, "m"));
  });
});

describe("an unknown option is refused, not ignored", () => {
  const thrown = (options: object): Error => {
    try {
      createClient({ ...base, ...options } as never);
    } catch (error) {
      return error as Error;
    }
    throw new Error("createClient accepted it");
  };

  it("names a misspelt top-level option and the one it most likely meant", () => {
    const error = thrown({ reconect: false });
    expect(error).toBeInstanceOf(AmiValidationError);
    expect(error.message).toContain('unknown option "reconect" (did you mean `reconnect`?)');
    expect(thrown({ actiontimeout: 5 }).message).toContain("(did you mean `actionTimeout`?)");
    expect(thrown({ user: "admin" }).message).not.toContain("did you mean");
    expect(thrown({ user: "admin" }).message).toContain("the options are transport, host, port");
  });

  it("checks the members of reconnect, keepalive, eventBuffer and tls too", () => {
    expect(thrown({ reconnect: { intialDelay: 5 } }).message).toContain(
      'unknown option "reconnect.intialDelay" (did you mean `initialDelay`?); the options of `reconnect` are',
    );
    expect(thrown({ keepalive: { interval: 1000, timout: 5 } }).message).toContain(
      '"keepalive.timout" (did you mean `timeout`?)',
    );
    expect(thrown({ eventBuffer: { max: 5 } }).message).toContain('"eventBuffer.max"');
    expect(thrown({ tls: { servername: "pbx" } }).message).toContain(
      '"tls.servername" (did you mean `serverName`?)',
    );
  });

  it("accepts every documented member of the nested options", () => {
    expect(() =>
      createClient({
        ...base,
        reconnect: { initialDelay: 1, maxDelay: 2, factor: 2, jitter: 0, maxAttempts: 3, stableAfter: 10 },
        keepalive: { interval: 1000, timeout: 500 },
        eventBuffer: { size: 10, overflow: "drop-oldest" },
        tls: { serverName: "pbx", rejectUnauthorized: false },
      }),
    ).not.toThrow();
  });
});
