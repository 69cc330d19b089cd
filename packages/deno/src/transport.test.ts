import { afterEach, describe, expect, test } from "vitest";
import type { DenoApi, DenoConn } from "./deno-api.ts";
import { denoTransport } from "./transport.ts";

const handlers = { onData: () => {}, onClose: () => {} };

function fakeConn(): DenoConn & { setNoDelay(): void; handshake(): Promise<unknown> } {
  let closed: (error: Error) => void = () => {};
  const reading = new Promise<number | null>((_, reject) => {
    closed = reject;
  });
  return {
    read: () => reading,
    write: async (bytes) => bytes.length,
    close: () => {
      const error = new Error("closed");
      error.name = "BadResource";
      closed(error);
    },
    setNoDelay: () => {},
    handshake: async () => ({}),
  };
}

/** Installs a fake `Deno` global that records the calls the transport makes. */
function installFakeDeno(): unknown[] {
  const calls: unknown[] = [];
  const api: DenoApi = {
    connect: async (options) => {
      calls.push(["connect", { hostname: options.hostname, port: options.port }]);
      return fakeConn();
    },
    connectTls: async (options) => {
      calls.push(["connectTls", options]);
      return fakeConn();
    },
    startTls: async (_conn, options) => {
      calls.push(["startTls", options]);
      return fakeConn();
    },
  };
  (globalThis as { Deno?: unknown }).Deno = api;
  return calls;
}

afterEach(() => {
  delete (globalThis as { Deno?: unknown }).Deno;
});

describe("denoTransport", () => {
  test('outside Deno, open() rejects with code "unsupported"', async () => {
    await expect(denoTransport().open({ host: "127.0.0.1", port: 5038 }, handlers)).rejects.toMatchObject({
      name: "AmiSocketError",
      code: "unsupported",
    });
  });

  test("TLS with serverName: TCP to the host, then startTls verifying serverName with the CA", async () => {
    const calls = installFakeDeno();
    const socket = await denoTransport().open(
      { host: "10.0.0.5", port: 5039, tls: { ca: "CA-PEM", serverName: "pbx.example" } },
      handlers,
    );
    expect(socket.secure).toBe(true);
    expect(calls).toEqual([
      ["connect", { hostname: "10.0.0.5", port: 5039 }],
      ["startTls", { hostname: "pbx.example", caCerts: ["CA-PEM"] }],
    ]);
    await socket.close();
  });

  test("a client certificate goes through connectTls to the host", async () => {
    const calls = installFakeDeno();
    const socket = await denoTransport().open(
      { host: "pbx.example", port: 5039, tls: { ca: ["A", "B"], cert: "CERT", key: "KEY" } },
      handlers,
    );
    expect(calls).toEqual([
      ["connectTls", { hostname: "pbx.example", port: 5039, cert: "CERT", key: "KEY", caCerts: ["A", "B"] }],
    ]);
    await socket.close();
  });

  test.each([
    [{ rejectUnauthorized: false }, "rejectUnauthorized"],
    [{ serverName: "other.example", cert: "CERT", key: "KEY" }, "serverName"],
    [{ cert: "CERT" }, "tls.key"],
  ])('refuses TLS options Deno cannot honour (%o) with code "unsupported"', async (tls, mentioned) => {
    const calls = installFakeDeno();
    const opening = denoTransport().open({ host: "127.0.0.1", port: 5039, tls }, handlers);
    await expect(opening).rejects.toMatchObject({ code: "unsupported" });
    await expect(opening).rejects.toThrow(mentioned);
    expect(calls).toEqual([]);
  });
});
