/**
 * The contract between the client core and a runtime's sockets. A transport moves bytes and nothing
 * else: it never looks for packet boundaries (that is the codec's job) and never logs in.
 *
 * Implemented by `@amikit/node`, `@amikit/deno`, `@amikit/bun` and the in-memory transport of
 * `@amikit/testing`; passed to `createClient({ transport })` as a value, never registered globally.
 */
export interface AmiTransport {
  /** The version of this contract the transport implements. */
  readonly specificationVersion: "v1";
  /** A short name for diagnostics: `"node"`, `"deno"`, `"bun"`, `"memory"`. */
  readonly name: string;
  /**
   * Opens a connection to `target`. Resolves once bytes can be written; rejects when the connection
   * cannot be made (refused, unreachable, TLS failure, `target.connectTimeout` elapsed, `signal` aborted).
   * After it resolves, `handlers.onData` receives every chunk read and `handlers.onClose` fires
   * exactly once when the connection ends, for whatever reason.
   */
  open(target: AmiTarget, handlers: AmiSocketHandlers, signal?: AbortSignal): Promise<AmiSocket>;
}

/** Where to connect, and how. */
export interface AmiTarget {
  /** Host name or address. */
  readonly host: string;
  /** TCP port: 5038 for plain AMI, 5039 for AMI over TLS. */
  readonly port: number;
  /** `true` or TLS options to connect with TLS; absent or `false` for plain TCP. */
  readonly tls?: boolean | AmiTlsOptions;
  /** Milliseconds to wait for the connection (and TLS handshake) before failing. */
  readonly connectTimeout?: number;
}

/** TLS options every transport understands. PEM strings, never file paths. */
export interface AmiTlsOptions {
  /** Server name for SNI and certificate checks; defaults to `host`. */
  readonly serverName?: string;
  /** Trusted CA certificate(s), PEM. */
  readonly ca?: string | readonly string[];
  /** Client certificate, PEM. */
  readonly cert?: string;
  /** Client private key, PEM. */
  readonly key?: string;
  /** Reject a certificate that does not verify (default `true`). */
  readonly rejectUnauthorized?: boolean;
}

/** Callbacks a transport calls for an open connection. */
export interface AmiSocketHandlers {
  /** Bytes read from the connection, in order. The chunk is not reused by the transport. */
  onData(chunk: Uint8Array): void;
  /** The connection ended; `error` is absent for a clean close. Called exactly once. */
  onClose(error?: Error): void;
}

/** An open connection. */
export interface AmiSocket {
  /**
   * Writes bytes, after those of earlier writes. This promise is the backpressure signal: it resolves only
   * once the runtime has handed every byte of `chunk` to the operating system (or, for a transport that
   * keeps its own buffer, once that buffer is below its high-water mark again), and stays pending while
   * the peer does not read and the OS buffers are full. It rejects if the bytes cannot be written
   * (connection closed or failed), and a write still pending when the connection ends rejects then.
   *
   * A writer keeps memory bounded by awaiting each write before the next (the client does: one write in
   * flight per connection). Writes issued without waiting are accepted and kept in order, but the
   * transport then holds them all.
   */
  write(chunk: Uint8Array): Promise<void>;
  /** Closes the connection; resolves once closed. Idempotent. */
  close(): Promise<void>;
  /** Whether the connection is encrypted. */
  readonly secure: boolean;
}
