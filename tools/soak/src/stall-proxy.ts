/**
 * A TCP proxy on 127.0.0.1 in front of the fake Asterisk that can stop reading what clients send
 * (the kernel buffers fill, then the client's writes back up, as with an Asterisk that stopped reading)
 * and reset every connection at once. The fake's own TCP server always reads, hence this proxy.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

/** The proxy's controls. */
export interface StallProxy {
  /** The port clients connect to (host 127.0.0.1). */
  readonly port: number;
  /** Open client connections. */
  readonly connections: number;
  /** Whether reading from clients is stopped. */
  readonly stalled: boolean;
  /** Stops reading from every client, also from those that connect meanwhile, until {@link resume}. */
  stall(): void;
  /** Reads from clients again. */
  resume(): void;
  /** Resets every connection (clients see ECONNRESET). Returns how many were open. */
  resetAll(): number;
  /** Stops listening and resets every connection. */
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** The upstream asked us to wait for `drain` before reading more from the client. */
  blocked: boolean;
}

/** Starts the proxy on 127.0.0.1 (a free port), forwarding to `127.0.0.1:upstreamPort`. */
export function startStallProxy(upstreamPort: number): Promise<StallProxy> {
  const pairs = new Set<Pair>();
  let stalled = false;

  const server: Server = createServer({ noDelay: true }, (client) => {
    const upstream = connect({ host: "127.0.0.1", port: upstreamPort, noDelay: true });
    const pair: Pair = { client, upstream, blocked: false };
    pairs.add(pair);
    if (stalled) client.pause();
    const finish = (error: boolean) => {
      if (!pairs.delete(pair)) return;
      for (const socket of [client, upstream]) {
        if (socket.destroyed) continue;
        if (error) socket.resetAndDestroy();
        else socket.end();
      }
    };
    client.on("data", (chunk: Uint8Array) => {
      if (!upstream.write(chunk)) {
        pair.blocked = true;
        client.pause();
        upstream.once("drain", () => {
          pair.blocked = false;
          if (!stalled) client.resume();
        });
      }
    });
    upstream.on("data", (chunk: Uint8Array) => {
      if (!client.write(chunk)) {
        upstream.pause();
        client.once("drain", () => upstream.resume());
      }
    });
    client.on("error", () => finish(true));
    upstream.on("error", () => finish(true));
    client.on("end", () => finish(false));
    upstream.on("end", () => finish(false));
    client.on("close", () => finish(true));
    upstream.on("close", () => finish(true));
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      const resetAll = (): number => {
        const count = pairs.size;
        for (const pair of [...pairs]) {
          pairs.delete(pair);
          pair.client.resetAndDestroy();
          pair.upstream.resetAndDestroy();
        }
        return count;
      };
      resolve({
        port,
        get connections() {
          return pairs.size;
        },
        get stalled() {
          return stalled;
        },
        stall() {
          stalled = true;
          for (const pair of pairs) pair.client.pause();
        },
        resume() {
          stalled = false;
          for (const pair of pairs) if (!pair.blocked) pair.client.resume();
        },
        resetAll,
        close: () =>
          new Promise<void>((done) => {
            resetAll();
            server.close(() => done());
          }),
      });
    });
  });
}
