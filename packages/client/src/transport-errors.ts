// `AmiSocketError` lives in @amikit/transport, where the adapters raise it; the client re-exports it.
export { AmiSocketError, type AmiSocketErrorCode } from "@amikit/transport";
