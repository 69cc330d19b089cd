// Public surface of @amikit/transport: the transport contract, its error, and the adapter core the
// runtime adapters share. Runtime-neutral (plain bytes and web-standard APIs only); the conformance suite lives
// under "./conformance".
export type { AmiSocket, AmiSocketHandlers, AmiTarget, AmiTlsOptions, AmiTransport } from "./contract.ts";
export { type Deadline, startDeadline } from "./deadline.ts";
export {
  closedError,
  nodeSocketFailure,
  readableTlsReason,
  type SocketFailure,
  toSocketError,
} from "./map-error.ts";
export { AmiSocketError, type AmiSocketErrorCode } from "./socket-error.ts";
export {
  type OpenSocketOptions,
  openSocket,
  type SocketOpening,
  type SocketPhase,
} from "./socket-opening.ts";
export { formatTarget } from "./target.ts";
