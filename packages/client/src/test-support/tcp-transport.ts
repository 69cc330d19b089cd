// Test-only: a minimal node:net transport, so client tests can talk to raw TCP servers on 127.0.0.1
// (the real one lives in @amikit/node, which depends on this package).
import { connect, createServer, type Server, type Socket } from "node:net";
import type { AmiSocket, AmiTransport } from "../transport.ts";
import { onCleanup } from "./harness.ts";

/** A plain-TCP `AmiTransport` over `node:net` (no TLS). */
export function tcpTransport(): AmiTransport {
  return {
    specificationVersion: "v1",
    name: "test-tcp",
    open(target, handlers, signal) {
      return new Promise<AmiSocket>((resolve, reject) => {
        const socket = connect({ host: target.host, port: target.port });
        let opened = false;
        let ended = false;
        const end = (error?: Error) => {
          if (ended) return;
          ended = true;
          if (opened) handlers.onClose(error);
          else reject(error ?? new Error("closed before it opened"));
        };
        const onAbort = () =>
          socket.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
        signal?.addEventListener("abort", onAbort, { once: true });
        socket.on("data", (chunk: Buffer) => handlers.onData(new Uint8Array(chunk)));
        socket.on("error", (error) => end(error));
        socket.on("close", () => {
          signal?.removeEventListener("abort", onAbort);
          end();
        });
        socket.once("connect", () => {
          opened = true;
          resolve({
            secure: false,
            write: (chunk) =>
              new Promise<void>((done, fail) =>
                socket.write(chunk, (error) => (error ? fail(error) : done())),
              ),
            close: () =>
              new Promise<void>((done) => {
                if (socket.destroyed) done();
                else socket.once("close", () => done()).destroy();
              }),
          });
        });
      });
    },
  };
}

/** A raw TCP server on 127.0.0.1 (closed after the test) that records every byte it received. */
export interface RawServer {
  readonly port: number;
  /** Everything every connection sent, as text. */
  received(): string;
  /** Connections accepted so far. */
  readonly connections: number;
}

/** Starts a {@link RawServer}; `greet` runs for each accepted connection, `answer` for each chunk read. */
export async function rawServer(behaviour: {
  readonly greet?: (socket: Socket) => void;
  readonly answer?: (socket: Socket, text: string) => void;
}): Promise<RawServer> {
  const chunks: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      chunks.push(text);
      behaviour.answer?.(socket, text);
    });
    behaviour.greet?.(socket);
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return {
    port: address.port,
    received: () => chunks.join(""),
    get connections() {
      return connections;
    },
  };
}
