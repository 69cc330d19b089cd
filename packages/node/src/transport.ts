import * as net from "node:net";
import * as tls from "node:tls";
import {
  type AmiSocket,
  AmiSocketError,
  type AmiSocketHandlers,
  type AmiTarget,
  type AmiTransport,
  closedError,
  openSocket,
  toSocketError,
} from "@amikit/transport";
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
 *   {@link AmiSocketError} (`reset`, `network`) otherwise. When the server ends its side (FIN), every
 *   byte it sent is delivered, then the connection ends at once: pending writes reject (`closed`), even
 *   if the server never reads them.
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
  const secure = target.tls !== undefined && target.tls !== false;
  return openSocket(target, handlers, signal, (opening) => {
    const { where } = opening;
    const socket: net.Socket = secure
      ? tls.connect(toNodeTlsOptions(target))
      : net.connect({ host: target.host, port: target.port });

    socket.on("connect", () => {
      opening.handshaking();
      if (options.noDelay ?? true) socket.setNoDelay(true);
      if (!secure) opening.established(nodeSocket);
    });
    socket.on("secureConnect", () => opening.established(nodeSocket));
    socket.on("data", (chunk: Buffer) => {
      // A throwing handler ends the connection; onClose reports its error.
      if (!opening.deliver(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)))
        socket.destroy();
    });
    socket.on("error", (error: Error) => {
      if (opening.connecting) opening.fail(error);
      else opening.noteError(error);
    });
    socket.on("end", () => {
      // The peer ended its side, after its last bytes. AMI has no half-duplex use, and Node's own
      // half-close (allowHalfOpen: false) would wait to flush bytes the peer may never read: destroy,
      // so pending writes reject at once and onClose fires now.
      if (opening.peerEnded()) socket.destroy();
    });
    socket.on("close", () => opening.ended());

    const nodeSocket: AmiSocket = {
      secure,
      write(chunk: Uint8Array): Promise<void> {
        if (opening.phase !== "open" || socket.destroyed || !socket.writable) {
          return Promise.reject(closedError(where));
        }
        return new Promise<void>((written, refused) => {
          socket.write(chunk, (error) => {
            if (error !== undefined && error !== null) {
              refused(
                opening.phase === "open" ? toSocketError(error, where, false) : closedError(where, error),
              );
            } else if (socket.destroyed) {
              // Node reports a write cut short by the socket's destruction (a reset, close()) as done:
              // its bytes may never have reached the OS, so it is refused, as the contract asks.
              const failure = opening.failure;
              refused(failure instanceof AmiSocketError ? failure : closedError(where, failure));
            } else written();
          });
        });
      },
      async close(): Promise<void> {
        if (opening.closing()) shutDown(socket);
        await opening.closed;
      },
    };
    return () => socket.destroy();
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
