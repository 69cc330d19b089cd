/**
 * @internal The server side of one connection, as the fake's session core sees it: the TCP server and the
 * in-memory transport each implement it, so the protocol logic never touches a socket.
 */
export interface ServerEndpoint {
  readonly kind: "tcp" | "memory";
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Queue bytes for the client, in order. The caller gives up the array (it must not change it later). */
  write(bytes: Uint8Array): void;
  /** Close gracefully once everything written so far has been delivered. */
  end(): void;
  /** Abort the connection at once (the client sees a reset). */
  reset(): void;
}

/** @internal What the endpoint reports back to the session core. */
export interface EndpointEvents {
  /** Bytes the client sent. */
  data(chunk: Uint8Array): void;
  /** The connection is gone (client closed, reset, or the server ended it). Called once. */
  ended(): void;
}
