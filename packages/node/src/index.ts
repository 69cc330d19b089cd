export { AmiSocketError, type AmiSocketErrorCode } from "./errors.ts";
export { type NodeTransportOptions, nodeTransport } from "./transport.ts";
