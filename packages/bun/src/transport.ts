import {
  type AmiSocket,
  AmiSocketError,
  type AmiSocketHandlers,
  type AmiTarget,
  type AmiTransport,
  closedError,
  openSocket,
} from "@amikit/transport";
import { type BunApi, type BunSocket, type BunTlsOptions, bunApi } from "./bun-api.ts";
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
 *   {@link AmiSocketError} (`reset`, `network`) otherwise. When the server ends its side (FIN), every
 *   byte it sent is delivered, then the connection ends at once: pending writes reject (`closed`), even
 *   if the server never reads them.
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
  if (bun === undefined) {
    return Promise.reject(
      new AmiSocketError("unsupported", "bunTransport() needs the Bun runtime (globalThis.Bun is missing)"),
    );
  }
  const tls = toBunTls(target);
  const secure = tls !== false;

  return openSocket(target, handlers, signal, (opening) => {
    const { where } = opening;
    let raw: BunSocket | undefined;
    const writes = new WriteQueue(
      (bytes) => (raw === undefined || opening.phase !== "open" ? -1 : raw.write(bytes)),
      () => closedError(where),
    );

    const bunSocket: AmiSocket = {
      secure,
      write(chunk: Uint8Array): Promise<void> {
        if (opening.phase !== "open") return Promise.reject(closedError(where));
        return writes.push(chunk);
      },
      async close(): Promise<void> {
        const pending = writes.waiting;
        if (opening.phase === "open") writes.fail(closedError(where));
        if (opening.closing()) {
          if (pending || raw === undefined) raw?.terminate();
          else shutDown(raw, opening.closed);
        }
        await opening.closed;
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
            // An attempt that already failed (timeout, abort) terminates the socket that opens late.
            if (opening.phase === "closed") {
              socket.terminate();
              return;
            }
            if (options.noDelay ?? true) socket.setNoDelay?.(true);
            if (secure) opening.handshaking();
            else opening.established(bunSocket);
          },
          handshake(_socket, success, authorizationError) {
            const rejectUnauthorized = !(typeof tls === "object" && tls.rejectUnauthorized === false);
            if (success && (authorizationError === null || !rejectUnauthorized)) {
              opening.established(bunSocket);
              return;
            }
            opening.fail(authorizationError ?? new Error("TLS handshake failed"));
          },
          data(_socket, data) {
            // A throwing handler ends the connection; onClose reports its error.
            if (!opening.deliver(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)))
              raw?.terminate();
          },
          drain() {
            writes.flush();
          },
          end(socket) {
            // The peer ended its side, after its last bytes. AMI has no half-duplex use: the connection is
            // over now, and the writes still waiting for a peer that may never read again reject.
            if (opening.peerEnded()) {
              writes.fail(closedError(where));
              socket.terminate();
            }
          },
          error(_socket, error) {
            if (opening.connecting) opening.fail(error);
            else opening.noteError(error);
          },
          connectError(_socket, error) {
            opening.fail(error);
          },
          close(_socket, error) {
            if (!opening.connecting) writes.fail(closedError(where));
            opening.ended(error);
          },
        },
      })
      .catch((error: unknown) => {
        opening.fail(error instanceof Error ? error : new Error(String(error)));
      });
    return () => raw?.terminate();
  });
}

/** Ends gracefully; terminates if the end has not completed within a second (a peer that reads nothing). */
function shutDown(socket: BunSocket, closed: Promise<void>): void {
  const force = setTimeout(() => socket.terminate(), 1000);
  void closed.then(() => clearTimeout(force));
  socket.end();
}
