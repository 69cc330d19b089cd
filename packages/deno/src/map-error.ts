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

const resetNames = new Set(["ConnectionReset", "BrokenPipe", "ConnectionAborted", "UnexpectedEof"]);

/**
 * Maps an error thrown by a `Deno` network call (its `name` is the `Deno.errors` class name) to an
 * {@link AmiSocketError} with a sentence naming the target. `duringHandshake`: the TCP connection was
 * up and the TLS handshake had not finished. @internal
 */
export function toSocketError(error: unknown, where: string, duringHandshake: boolean): AmiSocketError {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "ConnectionRefused") {
    return new AmiSocketError("refused", `connection to ${where} refused (${message})`, { cause: error });
  }
  if (duringHandshake || name === "InvalidData") {
    const reason = resetNames.has(name) ? "the server closed the connection" : message;
    return new AmiSocketError("tls", `TLS handshake with ${where} failed: ${reason}`, { cause: error });
  }
  if (resetNames.has(name)) {
    return new AmiSocketError("reset", `connection to ${where} was reset by the peer (${message})`, {
      cause: error,
    });
  }
  if (name === "TimedOut") {
    return new AmiSocketError("timeout", `connection to ${where} timed out (${message})`, { cause: error });
  }
  return new AmiSocketError("network", `connection to ${where} failed: ${message}`, { cause: error });
}
