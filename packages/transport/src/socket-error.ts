import { AmiError } from "@amikit/codec";

/**
 * What went wrong with a socket, as a short stable string:
 * - `refused`: nothing listens at the target (`ECONNREFUSED`);
 * - `timeout`: the connection (or TLS handshake) took longer than `connectTimeout`;
 * - `reset`: the peer reset the connection (`ECONNRESET`, `EPIPE`);
 * - `tls`: the TLS handshake failed, for example an untrusted certificate or a wrong server name;
 * - `aborted`: the caller's `AbortSignal` fired while connecting;
 * - `closed`: the socket is already closed (a write after `close()` or after the peer left);
 * - `unsupported`: the runtime cannot honour an option;
 * - `network`: any other network failure (unreachable host, name lookup failure, ...).
 */
export type AmiSocketErrorCode =
  | "refused"
  | "timeout"
  | "reset"
  | "tls"
  | "aborted"
  | "closed"
  | "unsupported"
  | "network";

/**
 * The error a transport rejects `open()` and `write()` with, and passes to `onClose` when a connection
 * ends abnormally. `code` says what happened; `cause` holds the runtime's own error when there is one.
 * Extends the codec's `AmiError`, so `error instanceof AmiError` catches it with every other amikit error.
 *
 * @example
 * ```ts
 * try { await transport.open(target, handlers); }
 * catch (error) { if (error instanceof AmiSocketError && error.code === "tls") console.error(error.message); }
 * ```
 */
export class AmiSocketError extends AmiError {
  /** Always `"AmiSocketError"`. */
  override readonly name: string = "AmiSocketError";
  /** What went wrong; see {@link AmiSocketErrorCode}. */
  readonly code: AmiSocketErrorCode;

  /**
   * @param code - what went wrong
   * @param message - a sentence naming the target and the reason
   * @param options - `cause`: the runtime's error
   */
  constructor(code: AmiSocketErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
