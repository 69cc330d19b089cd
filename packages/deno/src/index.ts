/**
 * @amikit/deno — the Deno socket adapter of amikit: {@link denoTransport} for `createClient`, and
 * {@link connect}, which creates, connects and logs in a client in one call.
 *
 * @packageDocumentation
 */

export { AmiSocketError, type AmiSocketErrorCode, type AmiTlsOptions } from "@amikit/client";
export { connect, type DenoConnectOptions } from "./connect.ts";
export { type DenoTransportOptions, denoTransport } from "./transport.ts";
