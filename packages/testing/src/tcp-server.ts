// The only file of the fake that touches node:net. It is loaded lazily by `listen()`, so the in-memory
// part of @amikit/testing stays runtime-neutral.
import { createServer, type Server, type Socket } from "node:net";
import type { EndpointEvents, ServerEndpoint } from "./endpoint.ts";

/** @internal A listening TCP server that hands each connection to `accept`. */
export interface TcpListener {
  readonly host: string;
  readonly port: number;
  /** Stops listening and resets every open connection. */
  close(): Promise<void>;
}

/** @internal What to do with a new socket: return its events, or `undefined` to reset it at once. */
export type TcpAccept = (endpoint: ServerEndpoint) => EndpointEvents | undefined;

/** @internal Starts listening on `host:port` (port 0 picks a free one). */
export function listenTcp(host: string, port: number, accept: TcpAccept): Promise<TcpListener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    let ended = false;
    let events: EndpointEvents | undefined;
    const finish = () => {
      sockets.delete(socket);
      if (ended) return;
      ended = true;
      events?.ended();
    };
    socket.on("error", () => {
      // ECONNRESET and friends: the close event that follows ends the session.
    });
    socket.on("close", finish);
    const endpoint: ServerEndpoint = {
      kind: "tcp",
      localAddress: socket.localAddress?.replace(/^::ffff:/, "") ?? host,
      localPort: socket.localPort ?? port,
      remoteAddress: socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
      remotePort: socket.remotePort ?? 0,
      write(bytes) {
        if (!socket.destroyed) socket.write(bytes);
      },
      end() {
        if (!socket.destroyed) socket.end();
      },
      reset() {
        if (!socket.destroyed) socket.resetAndDestroy();
      },
    };
    events = accept(endpoint);
    if (events === undefined) {
      socket.resetAndDestroy();
      return;
    }
    const handlers = events;
    socket.on("data", (chunk: Uint8Array) => {
      if (!ended) handlers.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
    socket.on("end", () => {
      // The client half-closed: AMI has nothing more to read, so close our side too.
      socket.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      const boundPort = typeof address === "object" && address !== null ? address.port : port;
      resolve({
        host,
        port: boundPort,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.resetAndDestroy();
            sockets.clear();
            server.close(() => done());
          }),
      });
    });
  });
}
