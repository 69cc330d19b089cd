/**
 * @amikit/bun — the Bun socket adapter of amikit: {@link bunTransport} for `createClient`, and
 * {@link connect}, which creates, connects and logs in a client in one call.
 *
 * @packageDocumentation
 */

export { AmiSocketError, type AmiSocketErrorCode, type AmiTlsOptions } from "@amikit/client";
export { type BunConnectOptions, connect } from "./connect.ts";
export { type BunTransportOptions, bunTransport } from "./transport.ts";
