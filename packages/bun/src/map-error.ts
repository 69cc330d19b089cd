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
 * Maps an error from `Bun.connect` (Node-style `code`s) to an {@link AmiSocketError} with a sentence naming the target.
 * `duringHandshake`: the TCP connection was up and the TLS handshake had not finished. @internal
 */
export function toSocketError(error: Error, where: string, duringHandshake: boolean): AmiSocketError {
  const code = (error as { code?: unknown }).code;
  const tag = typeof code === "string" ? ` (${code})` : "";
  if (code === "ECONNREFUSED") {
    return new AmiSocketError("refused", `connection to ${where} refused${tag}`, { cause: error });
  }
  if (duringHandshake || (typeof code === "string" && tlsCode.test(code))) {
    const reason = resetCodes.has(String(code)) ? "the server closed the connection" : error.message;
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
