import type { AmiSocket, AmiSocketHandlers, AmiTarget, AmiTransport } from "@amikit/client";
import { AmiSocketError } from "@amikit/client";
import { type BunApi, type BunSocket, type BunTlsOptions, bunApi } from "./bun-api.ts";
import { closedError, describeTarget, toSocketError } from "./map-error.ts";
import { WriteQueue } from "./write-queue.ts";

/** Options of {@link bunTransport}. */
export interface BunTransportOptions {
  /** Disable Nagle's algorithm so small actions leave at once (default `true`). */
  readonly noDelay?: boolean;
}

/**
 * A transport over `Bun.connect` (TCP, and TLS through its `tls` option). Pass it to
 * `createClient({ transport })`, or use {@link connect}, which does that for you.
 *
 * - `open()` resolves once the TCP connection (and the TLS handshake, verified) is up; it rejects with an
 *   {@link AmiSocketError} coded `refused`, `timeout`, `tls`, `aborted`, `unsupported` or `network`.
 * - `write()` resolves once the kernel took every byte; Bun buffers nothing, the rest waits for `drain`
 *   (backpressure: it stays pending while the peer reads nothing); a write pending when the connection
 *   ends rejects.
 * - `onClose` fires exactly once: without an error for a clean close (either side), with an
 *   {@link AmiSocketError} (`reset`, `network`) otherwise.
 *
 * @example
 * ```ts
 * const client = createClient({ transport: bunTransport(), host: "127.0.0.1", username, secret });
 * ```
 */
export function bunTransport(options: BunTransportOptions = {}): AmiTransport {
  return {
    specificationVersion: "v1",
    name: "bun",
    open: (target, handlers, signal) => openBunSocket(target, handlers, signal, options),
  };
}

function toBunTls(target: AmiTarget): boolean | BunTlsOptions {
  if (target.tls === undefined || target.tls === false) return false;
  const tls = target.tls === true ? {} : target.tls;
  return {
    serverName: tls.serverName ?? target.host,
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
    ...(tls.ca === undefined ? {} : { ca: typeof tls.ca === "string" ? tls.ca : [...tls.ca] }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
  };
}

function openBunSocket(
  target: AmiTarget,
  handlers: AmiSocketHandlers,
  signal: AbortSignal | undefined,
  options: BunTransportOptions,
): Promise<AmiSocket> {
  const bun: BunApi | undefined = bunApi();
  const where = describeTarget(target);
  if (bun === undefined) {
    return Promise.reject(
      new AmiSocketError("unsupported", "bunTransport() needs the Bun runtime (globalThis.Bun is missing)"),
    );
  }
  if (signal?.aborted) {
    return Promise.reject(
      new AmiSocketError("aborted", `connecting to ${where} was aborted`, { cause: signal.reason }),
    );
  }
  const tls = toBunTls(target);
  const secure = tls !== false;

  return new Promise<AmiSocket>((resolve, reject) => {
    let phase: "connecting" | "handshaking" | "open" | "closing" | "closed" = "connecting";
    let raw: BunSocket | undefined;
    let failure: Error | undefined;
    let resolveClosed: () => void = () => {};
    const closed = new Promise<void>((done) => {
      resolveClosed = done;
    });
    const writes = new WriteQueue(
      (bytes) => (raw === undefined || phase !== "open" ? -1 : raw.write(bytes)),
      () => closedError(where),
    );

    const timer =
      target.connectTimeout === undefined
        ? undefined
        : setTimeout(
            () =>
              fail(
                new AmiSocketError(
                  "timeout",
                  `connecting to ${where} timed out after ${target.connectTimeout} ms`,
                ),
              ),
            target.connectTimeout,
          );
    const onAbort = (): void =>
      fail(new AmiSocketError("aborted", `connecting to ${where} was aborted`, { cause: signal?.reason }));
    signal?.addEventListener("abort", onAbort, { once: true });
    const settle = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const connecting = (): boolean => phase === "connecting" || phase === "handshaking";
    // Before `open()` resolves: reject and tear down (a socket that opens later is terminated on open).
    function fail(error: AmiSocketError): void {
      if (!connecting()) return;
      phase = "closed";
      settle();
      raw?.terminate();
      resolveClosed();
      reject(error);
    }
    function established(): void {
      if (!connecting()) return;
      phase = "open";
      settle();
      resolve(bunSocket);
    }

    const bunSocket: AmiSocket = {
      secure,
      write(chunk: Uint8Array): Promise<void> {
        if (phase !== "open") return Promise.reject(closedError(where));
        return writes.push(chunk);
      },
      async close(): Promise<void> {
        if (phase === "open") {
          phase = "closing";
          const pending = writes.waiting;
          writes.fail(closedError(where));
          handlers.onClose();
          if (pending || raw === undefined) raw?.terminate();
          else shutDown(raw, closed);
        }
        await closed;
      },
    };

    bun
      .connect({
        hostname: target.host,
        port: target.port,
        tls,
        socket: {
          open(socket) {
            raw = socket;
            if (phase === "closed") {
              socket.terminate();
              return;
            }
            if (options.noDelay ?? true) socket.setNoDelay?.(true);
            if (secure) phase = "handshaking";
            else established();
          },
          handshake(_socket, success, authorizationError) {
            const rejectUnauthorized = !(typeof tls === "object" && tls.rejectUnauthorized === false);
            if (success && (authorizationError === null || !rejectUnauthorized)) {
              established();
              return;
            }
            const cause = authorizationError ?? new Error("TLS handshake failed");
            fail(toSocketError(cause, where, true));
          },
          data(_socket, data) {
            if (phase !== "open") return;
            try {
              handlers.onData(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
            } catch (error) {
              // A throwing handler ends the connection; onClose reports its error.
              failure ??= error instanceof Error ? error : new Error(String(error));
              raw?.terminate();
            }
          },
          drain() {
            writes.flush();
          },
          end(socket) {
            // The peer closed its side: close ours, `close` follows.
            socket.end();
          },
          error(_socket, error) {
            if (connecting()) fail(toSocketError(error, where, phase === "handshaking"));
            else failure ??= toSocketError(error, where, false);
          },
          connectError(_socket, error) {
            fail(toSocketError(error, where, false));
          },
          close(_socket, error) {
            if (connecting()) {
              const cause = error ?? new Error("the connection closed before it was established");
              fail(toSocketError(cause, where, phase === "handshaking"));
              return;
            }
            const wasOpen = phase === "open";
            phase = "closed";
            writes.fail(closedError(where));
            resolveClosed();
            if (wasOpen)
              handlers.onClose(
                failure ?? (error === undefined ? undefined : toSocketError(error, where, false)),
              );
          },
        },
      })
      .catch((error: unknown) => {
        fail(toSocketError(error instanceof Error ? error : new Error(String(error)), where, false));
      });
  });
}

/** Ends gracefully; terminates if the end has not completed within a second (a peer that reads nothing). */
function shutDown(socket: BunSocket, closed: Promise<void>): void {
  const force = setTimeout(() => socket.terminate(), 1000);
  void closed.then(() => clearTimeout(force));
  socket.end();
}
