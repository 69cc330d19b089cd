import { type AmiSocketError, type SocketFailure, toSocketError } from "@amikit/transport";

const resetNames = new Set(["ConnectionReset", "BrokenPipe", "ConnectionAborted", "UnexpectedEof"]);

/**
 * What an error thrown by a `Deno` network call means (its `name` is the `Deno.errors` class name), in the
 * adapter core's terms; the error's message is the detail. @internal
 */
export function denoSocketFailure(error: unknown): SocketFailure {
  const name = error instanceof Error ? error.name : "Error";
  const detail = error instanceof Error ? error.message : String(error);
  if (name === "ConnectionRefused") return { kind: "refused", detail };
  if (name === "InvalidData") return { kind: "tls", detail };
  if (resetNames.has(name)) return { kind: "reset", detail };
  if (name === "TimedOut") return { kind: "timeout", detail };
  return { kind: "network", detail };
}

/**
 * Maps an error thrown by a `Deno` network call to an {@link AmiSocketError} with a sentence naming the
 * target. `duringHandshake`: the TCP connection was up and the TLS handshake had not finished. @internal
 */
export function toDenoSocketError(error: unknown, where: string, duringHandshake: boolean): AmiSocketError {
  return toSocketError(error, where, duringHandshake, denoSocketFailure(error));
}
