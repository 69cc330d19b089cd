import { describe, expect, it } from "vitest";
import type { AmiSocket, AmiSocketHandlers, AmiTarget } from "./contract.ts";
import { AmiSocketError } from "./socket-error.ts";
import { openSocket, type SocketOpening } from "./socket-opening.ts";

const target: AmiTarget = { host: "::1", port: 5038 };
const socket: AmiSocket = { secure: false, write: async () => {}, close: async () => {} };

/** Handlers that record what the opening calls. */
function recorder() {
  const chunks: Uint8Array[] = [];
  const closes: (Error | undefined)[] = [];
  const handlers: AmiSocketHandlers = {
    onData: (chunk) => chunks.push(chunk),
    onClose: (error) => closes.push(error),
  };
  return { chunks, closes, handlers };
}

/** Opens with a runtime that does nothing by itself; the test drives the returned opening. */
function start(options: { target?: AmiTarget; signal?: AbortSignal; handlers?: AmiSocketHandlers } = {}) {
  let opening: SocketOpening | undefined;
  let teardowns = 0;
  const opened = openSocket(
    options.target ?? target,
    options.handlers ?? recorder().handlers,
    options.signal,
    (o) => {
      opening = o;
      return () => {
        teardowns += 1;
      };
    },
  );
  opened.catch(() => {});
  return { opened, opening: opening as unknown as SocketOpening, teardowns: () => teardowns };
}

const nodeError = (code: string, message = "os says no") => Object.assign(new Error(message), { code });

describe("openSocket", () => {
  it("resolves with the socket once established, and names the target with IPv6 brackets", async () => {
    const { opened, opening } = start();
    expect(opening.where).toBe("[::1]:5038");
    expect(opening.phase).toBe("connecting");
    opening.handshaking();
    expect(opening.phase).toBe("handshaking");
    opening.established(socket);
    await expect(opened).resolves.toBe(socket);
    expect(opening.phase).toBe("open");
    expect(opening.connecting).toBe(false);
  });

  it("maps a runtime error while connecting, tears down, and ignores a later establishment", async () => {
    const { opened, opening, teardowns } = start();
    opening.fail(nodeError("ECONNREFUSED"));
    opening.established(socket);
    await expect(opened).rejects.toMatchObject({ name: "AmiSocketError", code: "refused" });
    expect(teardowns()).toBe(1);
    expect(opening.phase).toBe("closed");
  });

  it("reports any error during the TLS handshake as code tls", async () => {
    const { opened, opening } = start();
    opening.handshaking();
    opening.fail(nodeError("ECONNRESET"));
    const error = await opened.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AmiSocketError);
    expect((error as AmiSocketError).code).toBe("tls");
    expect((error as AmiSocketError).message).toContain("the server closed the connection");
  });

  it('rejects with code "timeout" after connectTimeout and tears the runtime socket down', async () => {
    const { opened, teardowns } = start({ target: { host: "127.0.0.1", port: 1, connectTimeout: 20 } });
    await expect(opened).rejects.toMatchObject({
      code: "timeout",
      message: expect.stringContaining("20 ms"),
    });
    expect(teardowns()).toBe(1);
  });

  it('rejects with code "aborted" and the reason as cause when the signal fires while connecting', async () => {
    const controller = new AbortController();
    const { opened, teardowns } = start({ signal: controller.signal });
    const reason = new Error("user gave up");
    controller.abort(reason);
    await expect(opened).rejects.toMatchObject({ code: "aborted", cause: reason });
    expect(teardowns()).toBe(1);
  });

  it("rejects an already aborted signal without starting the runtime socket", async () => {
    let started = false;
    const opened = openSocket(target, recorder().handlers, AbortSignal.abort(), () => {
      started = true;
      return () => {};
    });
    await expect(opened).rejects.toMatchObject({ code: "aborted" });
    expect(started).toBe(false);
  });

  it("rejects when start throws, mapping its error", async () => {
    const opened = openSocket(target, recorder().handlers, undefined, () => {
      throw nodeError("EHOSTUNREACH", "no route");
    });
    await expect(opened).rejects.toMatchObject({
      code: "network",
      message: expect.stringContaining("no route"),
    });
  });

  it("fails the attempt when the socket ends before it was established", async () => {
    const { opened, opening } = start();
    opening.ended();
    await expect(opened).rejects.toMatchObject({
      code: "network",
      message: expect.stringContaining("closed before it was established"),
    });
  });

  it("delivers bytes only while open, and a throwing onData ends with that error in onClose", async () => {
    const thrown = new Error("handler bug");
    const calls: (Error | undefined)[] = [];
    let reads = 0;
    const handlers: AmiSocketHandlers = {
      onData: () => {
        reads += 1;
        throw thrown;
      },
      onClose: (error) => calls.push(error),
    };
    const { opened, opening } = start({ handlers });
    expect(opening.deliver(new Uint8Array([1]))).toBe(true);
    expect(reads).toBe(0);
    opening.established(socket);
    await opened;
    expect(opening.deliver(new Uint8Array([2]))).toBe(false);
    opening.noteError(nodeError("ECONNRESET"));
    opening.ended();
    expect(calls).toEqual([thrown]);
    await opening.closed;
  });

  it("calls onClose exactly once: clean for our close(), nothing more when the socket then ends", async () => {
    const { chunks, closes, handlers } = recorder();
    const { opened, opening } = start({ handlers });
    opening.established(socket);
    await opened;
    opening.deliver(new Uint8Array([7]));
    expect(opening.closing()).toBe(true);
    expect(opening.closing()).toBe(false);
    opening.deliver(new Uint8Array([8]));
    opening.ended(nodeError("ECONNRESET"));
    expect(chunks).toEqual([new Uint8Array([7])]);
    expect(closes).toEqual([undefined]);
    expect(opening.phase).toBe("closed");
  });

  it("reports the first error of the open connection, mapped, when it ends", async () => {
    const { closes, handlers } = recorder();
    const { opened, opening } = start({ handlers });
    opening.established(socket);
    await opened;
    opening.noteError(nodeError("ECONNRESET"));
    opening.noteError(nodeError("ETIMEDOUT"));
    opening.ended();
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ name: "AmiSocketError", code: "reset" });
  });

  it("maps the error the socket ended with when nothing was noted before", async () => {
    const { closes, handlers } = recorder();
    const { opened, opening } = start({ handlers });
    opening.established(socket);
    await opened;
    opening.ended(nodeError("EPIPE"));
    expect(closes[0]).toMatchObject({ code: "reset", message: expect.stringContaining("[::1]:5038") });
  });
  it("ends the connection when the peer ends its side: onClose at once, clean, once; later bytes dropped", async () => {
    const { chunks, closes, handlers } = recorder();
    const { opened, opening } = start({ handlers });
    opening.established(socket);
    await opened;
    opening.deliver(new Uint8Array([1]));
    expect(opening.peerEnded()).toBe(true);
    expect(closes).toEqual([undefined]);
    expect(opening.phase).toBe("closing");
    expect(opening.peerEnded()).toBe(false);
    expect(opening.closing()).toBe(false);
    opening.deliver(new Uint8Array([2]));
    opening.ended(nodeError("EPIPE"));
    await opening.closed;
    expect(chunks).toEqual([new Uint8Array([1])]);
    expect(closes).toEqual([undefined]);
    expect(opening.phase).toBe("closed");
  });

  it("reports an error noted before the peer ended its side, and ignores an end while connecting", async () => {
    const { closes, handlers } = recorder();
    const { opened, opening } = start({ handlers });
    expect(opening.peerEnded()).toBe(false);
    expect(opening.phase).toBe("connecting");
    opening.established(socket);
    await opened;
    opening.noteError(nodeError("ECONNRESET"));
    expect(opening.peerEnded()).toBe(true);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ name: "AmiSocketError", code: "reset" });
  });
});
