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
  /** Connections whose client side waits for the fake to drain what was forwarded to it. */
  readonly blocked: number;
  /** Connections whose fake side waits for the client to drain what was forwarded to it. */
  readonly backedUp: number;
  /** Stops reading from every client, also from those that connect meanwhile, until {@link resume}. */
  stall(): void;
  /** Reads from clients again. */
  resume(): void;
  /** Resets every connection (clients see ECONNRESET). Returns how many were open. */
  resetAll(): number;
  /**
   * Half-closes every connection and leaves it so: the fake's side is reset, the client gets a FIN and
   * is never read from again (until {@link close}), as a peer that shut down its side and went away
   * without closing would. Returns how many there were.
   */
  halfCloseAll(): number;
  /** Stops listening and resets every connection. */
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** The upstream asked us to wait for `drain` before reading more from the client. */
  blocked: boolean;
  /** The client asked us to wait for `drain` before reading more from the upstream. */
  backedUp: boolean;
}

/** Starts the proxy on 127.0.0.1 (a free port), forwarding to `127.0.0.1:upstreamPort`. */
export function startStallProxy(upstreamPort: number): Promise<StallProxy> {
  const pairs = new Set<Pair>();
  const halfClosed = new Set<Socket>();
  let stalled = false;

  const server: Server = createServer({ noDelay: true }, (client) => {
    const upstream = connect({ host: "127.0.0.1", port: upstreamPort, noDelay: true });
    const pair: Pair = { client, upstream, blocked: false, backedUp: false };
    pairs.add(pair);
    if (stalled) client.pause();
    const finish = (error: boolean) => {
      if (!pairs.delete(pair)) return;
      for (const socket of [client, upstream]) {
        if (socket.destroyed) continue;
        if (error) {
          socket.resetAndDestroy();
          continue;
        }
        // As a closed socket does: what was sent is delivered, what arrives later is thrown away.
        socket.removeAllListeners("data");
        socket.on("data", () => {});
        socket.resume();
        socket.end();
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
        pair.backedUp = true;
        upstream.pause();
        client.once("drain", () => {
          pair.backedUp = false;
          upstream.resume();
        });
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
      const halfCloseAll = (): number => {
        const count = pairs.size;
        for (const pair of [...pairs]) {
          pairs.delete(pair);
          pair.upstream.resetAndDestroy();
          const { client } = pair;
          client.removeAllListeners("data");
          client.pause();
          client.end();
          halfClosed.add(client);
          client.once("close", () => halfClosed.delete(client));
        }
        return count;
      };
      resolve({
        port,
        halfCloseAll,
        get connections() {
          return pairs.size;
        },
        get stalled() {
          return stalled;
        },
        get blocked() {
          return [...pairs].filter((pair) => pair.blocked).length;
        },
        get backedUp() {
          return [...pairs].filter((pair) => pair.backedUp).length;
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
            for (const socket of halfClosed) socket.resetAndDestroy();
            halfClosed.clear();
            server.close(() => done());
          }),
      });
    });
  });
}
