import * as net from "node:net";
import * as tls from "node:tls";
import { concat } from "./recorder.ts";

/** One connection accepted by a {@link PeerServer}. @internal */
export interface PeerConnection {
  /** The server side of the connection. */
  readonly socket: net.Socket;
  /** Every chunk read so far (nothing is read while the connection is paused). */
  readonly chunks: Uint8Array[];
  /** Total bytes read so far. */
  receivedLength(): number;
  /** Every byte read so far. */
  received(): Uint8Array;
  /** Whether the client's end (FIN) arrived. */
  ended(): boolean;
  /** Resolves when the server side of the connection is closed. */
  readonly closed: Promise<void>;
}

/** A loopback server the conformance cases dial. @internal */
export interface PeerServer {
  readonly host: string;
  readonly port: number;
  /** The next accepted connection, in accept order. */
  accepted(): Promise<PeerConnection>;
  /** Errors the server reported for connections that never completed (TLS client errors). */
  readonly clientErrors: Error[];
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

/** Options of {@link startPeerServer}. @internal */
export interface PeerServerOptions {
  /** Serve TLS with these options (certificate, key, client certificate checks). */
  readonly tls?: tls.TlsOptions;
  /** Do not read from accepted connections until `socket.resume()` (plain TCP only). */
  readonly pauseOnConnect?: boolean;
  /** Bytes written to every accepted connection at once (an AMI greeting, say). */
  readonly greeting?: Uint8Array;
  /** Write back every byte read. */
  readonly echo?: boolean;
  /** The loopback address to listen on: `127.0.0.1` (default) or `::1`. */
  readonly host?: LoopbackHost;
}

/** The only addresses the conformance cases ever listen on or dial. @internal */
export type LoopbackHost = "127.0.0.1" | "::1";

/** Starts a server on the loopback address (127.0.0.1 unless `host`) with an OS-chosen port. @internal */
export async function startPeerServer(options: PeerServerOptions = {}): Promise<PeerServer> {
  const connections: PeerConnection[] = [];
  const ready: PeerConnection[] = [];
  const waiting: ((connection: PeerConnection) => void)[] = [];
  const clientErrors: Error[] = [];

  const onSocket = (socket: net.Socket): void => {
    const chunks: Uint8Array[] = [];
    let length = 0;
    let ended = false;
    socket.on("error", () => {});
    socket.on("end", () => {
      ended = true;
    });
    socket.on("data", (chunk: Uint8Array) => {
      chunks.push(chunk);
      length += chunk.length;
      if (options.echo) socket.write(chunk);
    });
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    if (options.greeting !== undefined) socket.write(options.greeting);
    const connection: PeerConnection = {
      socket,
      chunks,
      receivedLength: () => length,
      received: () => concat(chunks),
      ended: () => ended,
      closed,
    };
    connections.push(connection);
    const waiter = waiting.shift();
    if (waiter === undefined) ready.push(connection);
    else waiter(connection);
  };

  const server =
    options.tls === undefined
      ? net.createServer({ pauseOnConnect: options.pauseOnConnect ?? false }, onSocket)
      : tls.createServer(options.tls, onSocket);
  server.on("tlsClientError", (error: Error) => clientErrors.push(error));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: options.host ?? "127.0.0.1", port: 0 }, () => resolve());
  });
  const address = server.address() as net.AddressInfo;

  return {
    host: options.host ?? "127.0.0.1",
    port: address.port,
    clientErrors,
    accepted(): Promise<PeerConnection> {
      const connection = ready.shift();
      if (connection !== undefined) return Promise.resolve(connection);
      return new Promise((resolve) => waiting.push(resolve));
    },
    async close(): Promise<void> {
      for (const connection of connections) connection.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on: listen, note the port, close. */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `body` with a server, always closing the server afterwards. @internal */
export async function withPeerServer<T>(
  options: PeerServerOptions,
  body: (server: PeerServer) => Promise<T>,
): Promise<T> {
  const server = await startPeerServer(options);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

let ipv6Probe: Promise<string | undefined> | undefined;

/**
 * Why the IPv6 loopback cannot be used here (no `::1` configured, IPv6 disabled), or `undefined` when a
 * listener on `::1` can be started. Probed once per process. @internal
 */
export function ipv6LoopbackUnavailable(): Promise<string | undefined> {
  ipv6Probe ??= new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error: Error & { code?: string }) => {
      resolve(
        `this machine has no IPv6 loopback: listening on [::1] failed (${error.code ?? error.message})`,
      );
    });
    server.listen({ host: "::1", port: 0 }, () => server.close(() => resolve(undefined)));
  });
  return ipv6Probe;
}
