// The transport contract lives in @amikit/transport (below the client, so adapters and the fake Asterisk
// share it); the client re-exports it under the same names.
export type {
  AmiSocket,
  AmiSocketHandlers,
  AmiTarget,
  AmiTlsOptions,
  AmiTransport,
} from "@amikit/transport";
