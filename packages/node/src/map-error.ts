import type { AmiTarget } from "@amikit/client";
import { AmiSocketError } from "@amikit/client";

/** `host:port`, with brackets around an IPv6 address. @internal */
export function describeTarget(target: Pick<AmiTarget, "host" | "port">): string {
  return target.host.includes(":") ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}

/** The error of a write after the socket closed. @internal */
export function closedError(where: string, cause?: unknown): AmiSocketError {
  return new AmiSocketError("closed", `the connection to ${where} is closed`, { cause });
}

const resetCodes = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);
const tlsCode = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|HOSTNAME|ALTNAME|VERIFY/;

/**
 * Maps an error from `node:net` / `node:tls` to an {@link AmiSocketError} with a sentence naming the target.
 * `duringHandshake`: the TCP connection was up and the TLS handshake had not finished. @internal
 */
export function toSocketError(error: Error, where: string, duringHandshake: boolean): AmiSocketError {
  const code = (error as { code?: unknown }).code;
  const tag = typeof code === "string" ? ` (${code})` : "";
  if (code === "ECONNREFUSED") {
    return new AmiSocketError("refused", `connection to ${where} refused${tag}`, { cause: error });
  }
  if (duringHandshake || (typeof code === "string" && tlsCode.test(code))) {
    const reason = resetCodes.has(String(code))
      ? "the server closed the connection"
      : readableTlsReason(error.message);
    return new AmiSocketError("tls", `TLS handshake with ${where} failed: ${reason}${tag}`, { cause: error });
  }
  if (resetCodes.has(String(code))) {
    return new AmiSocketError("reset", `connection to ${where} was reset by the peer${tag}`, {
      cause: error,
    });
  }
  if (code === "ETIMEDOUT") {
    return new AmiSocketError("timeout", `connection to ${where} timed out${tag}`, { cause: error });
  }
  return new AmiSocketError("network", `connection to ${where} failed: ${error.message}${tag}`, {
    cause: error,
  });
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
 * helps; other messages pass unchanged. @internal
 */
export function readableTlsReason(message: string): string {
  const openssl = /^[0-9A-Fa-f]+:error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:]+):/.exec(message);
  const reason = openssl === null ? message : (openssl[1] as string).trim();
  const hint = tlsHints.find(([pattern]) => pattern.test(reason))?.[1];
  return hint === undefined ? reason : `${reason} (${hint})`;
}
