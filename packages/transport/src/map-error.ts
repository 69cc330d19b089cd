import { AmiSocketError } from "./socket-error.ts";

/**
 * What a runtime's socket error means, before it becomes an {@link AmiSocketError}: the adapter core's
 * common language, so each adapter only says how its runtime names its errors.
 */
export interface SocketFailure {
  /** `refused`, `reset`, `timeout`, `tls` (a TLS or certificate error) or `network` (anything else). */
  readonly kind: "refused" | "reset" | "timeout" | "tls" | "network";
  /** The runtime's own short name for it (`ECONNREFUSED`, an error text), shown in parentheses. */
  readonly detail?: string;
}

const resetCodes = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);
const tlsCode = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|HOSTNAME|ALTNAME|VERIFY/;

/**
 * Reads a Node-style error (`node:net`, `node:tls`, `Bun.connect`): its `code` (`ECONNREFUSED`,
 * `ECONNRESET`, `EPIPE`, `ECONNABORTED`, `ETIMEDOUT`, OpenSSL and certificate codes) says what happened.
 *
 * @param error - the runtime's error
 * @returns what it means, with the code as detail
 */
export function nodeSocketFailure(error: unknown): SocketFailure {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== "string") return { kind: "network" };
  if (code === "ECONNREFUSED") return { kind: "refused", detail: code };
  if (tlsCode.test(code)) return { kind: "tls", detail: code };
  if (resetCodes.has(code)) return { kind: "reset", detail: code };
  if (code === "ETIMEDOUT") return { kind: "timeout", detail: code };
  return { kind: "network", detail: code };
}

/**
 * Turns a runtime's socket error into an {@link AmiSocketError} with a sentence naming the target; the
 * original error becomes its `cause`. Any error while a TLS handshake is under way is a `tls` failure
 * (a reset then reads "the server closed the connection"), and OpenSSL lines are made readable.
 *
 * @param error - the runtime's error
 * @param where - the target, as {@link formatTarget} writes it
 * @param duringHandshake - the TCP connection was up and the TLS handshake had not finished
 * @param failure - what the error means; default: read as a Node-style error ({@link nodeSocketFailure})
 * @returns the error to reject `open()` or `write()` with, or to pass to `onClose`
 *
 * @example
 * ```ts
 * socket.on("error", (error) => reject(toSocketError(error, formatTarget(host, port), false)));
 * ```
 */
export function toSocketError(
  error: unknown,
  where: string,
  duringHandshake: boolean,
  failure: SocketFailure = nodeSocketFailure(error),
): AmiSocketError {
  const message = error instanceof Error ? error.message : String(error);
  const tag = failure.detail === undefined ? "" : ` (${failure.detail})`;
  const cause = { cause: error };
  if (failure.kind === "refused") {
    return new AmiSocketError("refused", `connection to ${where} refused${tag}`, cause);
  }
  // A detail that only repeats the message is not shown twice.
  const extra = failure.detail === message ? "" : tag;
  if (duringHandshake || failure.kind === "tls") {
    const reason = failure.kind === "reset" ? "the server closed the connection" : readableTlsReason(message);
    return new AmiSocketError("tls", `TLS handshake with ${where} failed: ${reason}${extra}`, cause);
  }
  if (failure.kind === "reset") {
    return new AmiSocketError("reset", `connection to ${where} was reset by the peer${tag}`, cause);
  }
  if (failure.kind === "timeout") {
    return new AmiSocketError("timeout", `connection to ${where} timed out${tag}`, cause);
  }
  return new AmiSocketError("network", `connection to ${where} failed: ${message}${extra}`, cause);
}

/**
 * The error of a write after the connection closed (code `closed`).
 *
 * @param where - the target, as {@link formatTarget} writes it
 * @param cause - the runtime's error, if any
 * @returns the error to reject the write with
 */
export function closedError(where: string, cause?: unknown): AmiSocketError {
  return new AmiSocketError("closed", `the connection to ${where} is closed`, { cause });
}

/** What OpenSSL's reason texts mean for someone connecting to AMI. */
const tlsHints: readonly (readonly [RegExp, string])[] = [
  [
    /wrong version number|packet length too long|record layer failure/i,
    "is the server speaking TLS on that port?",
  ],
  [/certificate required/i, "the server requires a client certificate"],
  [/unknown ca|bad certificate/i, "the server did not accept the client certificate"],
];

/**
 * Turns an OpenSSL error line (`80DC..:error:0A00010B:SSL routines:ssl3_get_record:wrong version
 * number:../deps/openssl/...:350:`) into its reason (`wrong version number`), with a hint when one
 * helps; other messages pass unchanged.
 *
 * @param message - the TLS error's message
 * @returns the reason, readable
 */
export function readableTlsReason(message: string): string {
  const openssl = /^[0-9A-Fa-f]+:error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:]+):/.exec(message);
  const reason = openssl === null ? message : (openssl[1] as string).trim();
  const hint = tlsHints.find(([pattern]) => pattern.test(reason))?.[1];
  return hint === undefined ? reason : `${reason} (${hint})`;
}
