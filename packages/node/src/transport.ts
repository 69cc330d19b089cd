import * as net from "node:net";
import * as tls from "node:tls";
import type { AmiSocket, AmiSocketHandlers, AmiTarget, AmiTransport } from "@amikit/client";
import { AmiSocketError } from "@amikit/client";
import { closedError, describeTarget, toSocketError } from "./map-error.ts";
import { toNodeTlsOptions } from "./tls-options.ts";

/** Options of {@link nodeTransport}. */
export interface NodeTransportOptions {
  /** Disable Nagle's algorithm so small actions leave at once (default `true`). */
  readonly noDelay?: boolean;
}

/**
 * A transport over Node's `node:net` and `node:tls`. Pass it to `createClient({ transport })`, or use
 * {@link connect}, which does that for you.
 *
 * - `open()` resolves once the TCP connection (and the TLS handshake, verified) is up; it rejects with an
 *   {@link AmiSocketError} coded `refused`, `timeout`, `tls`, `aborted` or `network`.
 * - `write()` resolves once Node handed every byte to the operating system (the `socket.write` callback),
 *   so a caller that awaits its writes stops when the peer stops reading; memory stays bounded. A write
 *   still pending when the connection ends (reset, `close()`) rejects.
 * - `onClose` fires exactly once: without an error for a clean close (either side), with an
 *   {@link AmiSocketError} (`reset`, `network`) otherwise.
 *
 * @example
 * ```ts
 * const client = createClient({ transport: nodeTransport(), host: "127.0.0.1", username, secret });
 * ```
 */
export function nodeTransport(options: NodeTransportOptions = {}): AmiTransport {
  return {
    specificationVersion: "v1",
    name: "node",
    open: (target, handlers, signal) => openNodeSocket(target, handlers, signal, options),
  };
}

function openNodeSocket(
  target: AmiTarget,
  handlers: AmiSocketHandlers,
  signal: AbortSignal | undefined,
  options: NodeTransportOptions,
): Promise<AmiSocket> {
  const where = describeTarget(target);
  if (signal?.aborted) {
    return Promise.reject(
      new AmiSocketError("aborted", `connecting to ${where} was aborted`, { cause: signal.reason }),
    );
  }
  const secure = target.tls !== undefined && target.tls !== false;
  return new Promise<AmiSocket>((resolve, reject) => {
    const socket: net.Socket = secure
      ? tls.connect(toNodeTlsOptions(target))
      : net.connect({ host: target.host, port: target.port });
    let phase: "connecting" | "handshaking" | "open" | "closing" | "closed" = "connecting";
    let failure: Error | undefined;
    let resolveClosed: () => void = () => {};
    const closed = new Promise<void>((done) => {
      resolveClosed = done;
    });

    const timer =
      target.connectTimeout === undefined
        ? undefined
        : setTimeout(() => {
            fail(
              new AmiSocketError(
                "timeout",
                `connecting to ${where} timed out after ${target.connectTimeout} ms`,
              ),
            );
          }, target.connectTimeout);
    const onAbort = (): void => {
      fail(new AmiSocketError("aborted", `connecting to ${where} was aborted`, { cause: signal?.reason }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const settle = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    // Before `open()` resolves: reject and tear down.
    const fail = (error: AmiSocketError): void => {
      if (phase !== "connecting" && phase !== "handshaking") return;
      phase = "closed";
      settle();
      socket.destroy();
      reject(error);
    };

    socket.on("connect", () => {
      if (phase === "connecting") phase = "handshaking";
      if (options.noDelay ?? true) socket.setNoDelay(true);
      if (!secure) established();
    });
    socket.on("secureConnect", established);
    function established(): void {
      if (phase !== "connecting" && phase !== "handshaking") return;
      phase = "open";
      settle();
      resolve(nodeSocket);
    }

    socket.on("data", (chunk: Buffer) => {
      if (phase !== "open") return;
      try {
        handlers.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      } catch (error) {
        // A throwing handler ends the connection; onClose reports its error.
        failure ??= error instanceof Error ? error : new Error(String(error));
        socket.destroy();
      }
    });
    socket.on("error", (error: Error) => {
      if (phase === "connecting" || phase === "handshaking") {
        fail(toSocketError(error, where, phase === "handshaking" && secure));
      } else if (phase === "open") {
        failure ??= toSocketError(error, where, false);
      }
    });
    socket.on("close", () => {
      const wasOpen = phase === "open";
      phase = "closed";
      resolveClosed();
      if (wasOpen) handlers.onClose(failure);
    });

    const nodeSocket: AmiSocket = {
      secure,
      write(chunk: Uint8Array): Promise<void> {
        if (phase !== "open" || socket.destroyed || !socket.writable) {
          return Promise.reject(closedError(where));
        }
        return new Promise<void>((written, refused) => {
          socket.write(chunk, (error) => {
            if (error !== undefined && error !== null) {
              refused(phase === "open" ? toSocketError(error, where, false) : closedError(where, error));
            } else if (socket.destroyed) {
              // Node reports a write cut short by the socket's destruction (a reset, close()) as done:
              // its bytes may never have reached the OS, so it is refused, as the contract asks.
              refused(failure instanceof AmiSocketError ? failure : closedError(where, failure));
            } else written();
          });
        });
      },
      async close(): Promise<void> {
        if (phase === "open") {
          phase = "closing";
          handlers.onClose();
          shutDown(socket);
        }
        await closed;
      },
    };
  });
}

/**
 * Ends the connection without waiting for the peer: a graceful end (TLS close_notify, FIN) when nothing
 * is queued, then the handle is released. Bytes still queued in Node are dropped (their writes reject);
 * bytes already handed to the OS are still delivered.
 */
function shutDown(socket: net.Socket): void {
  if (socket.writableLength > 0) {
    socket.destroy();
    return;
  }
  const force = setTimeout(() => socket.destroy(), 1000);
  socket.end(() => {
    clearTimeout(force);
    socket.destroy();
  });
}
