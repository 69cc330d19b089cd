/**
 * @amikit/node — the Node socket adapter of amikit: {@link nodeTransport} for `createClient`, and
 * {@link connect}, which creates, connects and logs in a client in one call.
 *
 * @packageDocumentation
 */

export { AmiSocketError, type AmiSocketErrorCode, type AmiTlsOptions } from "@amikit/client";
export { connect, type NodeConnectOptions } from "./connect.ts";
export { type NodeTransportOptions, nodeTransport } from "./transport.ts";
