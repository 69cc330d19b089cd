import {
  type AmiSocket,
  AmiSocketError,
  type AmiSocketHandlers,
  type AmiTarget,
  type AmiTlsOptions,
  type AmiTransport,
  closedError,
  type Deadline,
  formatTarget,
  openSocket,
  type SocketOpening,
} from "@amikit/transport";
import { type DenoApi, type DenoConn, type DenoTlsConn, denoApi } from "./deno-api.ts";
import { toDenoSocketError } from "./map-error.ts";

/** Options of {@link denoTransport}. */
export interface DenoTransportOptions {
  /** Disable Nagle's algorithm so small actions leave at once (default `true`). */
  readonly noDelay?: boolean;
}

/**
 * A transport over `Deno.connect`, `Deno.startTls` and `Deno.connectTls`. Pass it to
 * `createClient({ transport })`, or use {@link connect}, which does that for you.
 *
 * - `open()` resolves once the TCP connection (and the TLS handshake, verified) is up; it rejects with an
 *   {@link AmiSocketError} coded `refused`, `timeout`, `tls`, `aborted`, `unsupported` or `network`.
 * - `write()` resolves once Deno wrote every byte to the operating system (backpressure: it stays pending
 *   while the peer reads nothing); writes never interleave; a write pending when the connection ends rejects.
 * - `onClose` fires exactly once: without an error for a clean close (either side), with an
 *   {@link AmiSocketError} (`reset`, `network`) otherwise. When the server ends its side (a read returns
 *   `null`), every byte it sent is delivered, then the connection ends at once: pending writes reject
 *   (`closed`), even if the server never reads them.
 *
 * Deno cannot skip certificate verification per connection, so `tls.rejectUnauthorized: false` is refused
 * (code `unsupported`): pass the server's certificate or its CA as `tls.ca` instead. Nor can it combine
 * `tls.serverName` (other than the host) with a client certificate.
 *
 * @example
 * ```ts
 * const client = createClient({ transport: denoTransport(), host: "127.0.0.1", username, secret });
 * ```
 */
export function denoTransport(options: DenoTransportOptions = {}): AmiTransport {
  return {
    specificationVersion: "v1",
    name: "deno",
    open: (target, handlers, signal) => openDenoSocket(target, handlers, signal, options),
  };
}

function openDenoSocket(
  target: AmiTarget,
  handlers: AmiSocketHandlers,
  signal: AbortSignal | undefined,
  options: DenoTransportOptions,
): Promise<AmiSocket> {
  const deno = denoApi();
  if (deno === undefined) {
    return Promise.reject(
      new AmiSocketError(
        "unsupported",
        "denoTransport() needs the Deno runtime (globalThis.Deno is missing)",
      ),
    );
  }
  const tls =
    target.tls === undefined || target.tls === false ? undefined : target.tls === true ? {} : target.tls;
  try {
    if (tls !== undefined) checkTlsOptions(tls, target, formatTarget(target.host, target.port));
  } catch (error) {
    return Promise.reject(error);
  }
  return openSocket(
    target,
    handlers,
    signal,
    (opening) => {
      let conn: DenoConn | undefined;
      void connectConn(deno, target, tls, opening, options).then(
        (connected) => {
          conn = connected;
          // The attempt may have been given up (abort) after the last step finished: close the late conn.
          if (!opening.connecting) closeQuietly(connected);
          // The read loop's first read settles after this turn, once the opening is open.
          else opening.established(wrapConn(connected, opening, tls !== undefined));
        },
        (error: unknown) => opening.fail(error),
      );
      return () => {
        if (conn !== undefined) closeQuietly(conn);
      };
    },
    { mapError: toDenoSocketError },
  );
}

function checkTlsOptions(tls: AmiTlsOptions, target: AmiTarget, where: string): void {
  if (tls.rejectUnauthorized === false) {
    throw new AmiSocketError(
      "unsupported",
      `cannot connect to ${where} with tls.rejectUnauthorized: false: Deno cannot skip certificate ` +
        "verification per connection; pass the server's certificate or its CA as tls.ca instead",
    );
  }
  const clientCertificate = tls.cert !== undefined || tls.key !== undefined;
  if (clientCertificate && (tls.cert === undefined || tls.key === undefined)) {
    throw new AmiSocketError("unsupported", `cannot connect to ${where}: tls.cert and tls.key go together`);
  }
  if (clientCertificate && tls.serverName !== undefined && tls.serverName !== target.host) {
    throw new AmiSocketError(
      "unsupported",
      `cannot connect to ${where}: Deno cannot verify tls.serverName "${tls.serverName}" while presenting ` +
        "a client certificate; connect to that name as the host instead",
    );
  }
}

/**
 * Connects (and shakes hands) within the opening's deadline. A step that finishes after the deadline
 * fired has its connection closed. Runtime errors are thrown unmapped: the opening maps them, as TLS
 * failures once the handshake started.
 */
async function connectConn(
  deno: DenoApi,
  target: AmiTarget,
  tls: AmiTlsOptions | undefined,
  opening: SocketOpening,
  options: DenoTransportOptions,
): Promise<DenoConn> {
  const { deadline } = opening;
  const discard = (conn: DenoConn): void => closeQuietly(conn);
  const caCerts = tls?.ca === undefined ? undefined : typeof tls.ca === "string" ? [tls.ca] : [...tls.ca];
  if (tls?.cert !== undefined && tls.key !== undefined) {
    // Deno.connectTls is the only way to present a client certificate; it cannot be aborted.
    opening.handshaking();
    const conn = await deadline.race(
      deno.connectTls({
        hostname: target.host,
        port: target.port,
        cert: tls.cert,
        key: tls.key,
        ...(caCerts === undefined ? {} : { caCerts }),
      }),
      discard,
    );
    return await handshaken(conn, deadline);
  }
  const tcp = await deadline.race(
    deno.connect({ hostname: target.host, port: target.port, transport: "tcp", signal: deadline.signal }),
    discard,
  );
  if (options.noDelay ?? true) tcp.setNoDelay(true);
  if (tls === undefined) return tcp;
  opening.handshaking();
  const hostname = tls.serverName ?? target.host;
  const conn = await deadline.race(
    deno.startTls(tcp, { hostname, ...(caCerts === undefined ? {} : { caCerts }) }),
    discard,
  );
  return await handshaken(conn, deadline);
}

function wrapConn(conn: DenoConn, opening: SocketOpening, secure: boolean): AmiSocket {
  const { where } = opening;
  let writing: Promise<void> = Promise.resolve();

  const readLoop = (async (): Promise<void> => {
    const buffer = new Uint8Array(64 * 1024);
    for (;;) {
      let count: number | null;
      try {
        count = await conn.read(buffer);
      } catch (error) {
        opening.noteError(error);
        break;
      }
      if (count === null) {
        // The peer ended its side, after its last bytes. AMI has no half-duplex use: the connection is
        // over now; closing the conn makes the writes still waiting for a peer that may never read reject.
        if (opening.peerEnded()) closeQuietly(conn);
        break;
      }
      if (opening.phase !== "open") break;
      // A throwing handler ends the connection; onClose reports its error.
      if (!opening.deliver(buffer.slice(0, count))) break;
    }
    if (opening.phase === "open") closeQuietly(conn);
    opening.ended();
  })();

  const writeAll = async (chunk: Uint8Array): Promise<void> => {
    let offset = 0;
    while (offset < chunk.length) {
      if (opening.phase !== "open") throw closedError(where);
      try {
        offset += await conn.write(offset === 0 ? chunk : chunk.subarray(offset));
      } catch (error) {
        throw opening.phase === "open" ? toDenoSocketError(error, where, false) : closedError(where, error);
      }
    }
  };

  return {
    secure,
    write(chunk: Uint8Array): Promise<void> {
      if (opening.phase !== "open") return Promise.reject(closedError(where));
      const written = writing.then(() => writeAll(chunk));
      writing = written.catch(() => {});
      return written;
    },
    async close(): Promise<void> {
      if (opening.closing()) closeQuietly(conn);
      await readLoop;
    },
  };
}

/** `conn` once its TLS handshake is done within the deadline; closed if the handshake fails. */
async function handshaken(conn: DenoTlsConn, deadline: Deadline): Promise<DenoTlsConn> {
  await deadline
    .race(conn.handshake(), () => {})
    .catch((error: unknown) => {
      closeQuietly(conn);
      throw error;
    });
  return conn;
}

function closeQuietly(conn: DenoConn): void {
  try {
    conn.close();
  } catch {
    // already closed
  }
}
