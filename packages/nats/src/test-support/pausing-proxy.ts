/**
 * A TCP proxy on 127.0.0.1 in front of a NATS server that can hold back what the server sends (its
 * acks) and release it later: publishes still reach JetStream, but their acks arrive after the
 * publisher gave up — the situation in which a re-sent message must be dropped as a duplicate.
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

export class PausingProxy {
  readonly #server: Server;
  readonly #pairs = new Set<{ client: Socket; upstream: Socket; held: Buffer[] }>();
  #paused = false;

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Starts a proxy to `127.0.0.1:targetPort`. */
  static async start(targetPort: number): Promise<PausingProxy> {
    let proxy: PausingProxy | undefined;
    const server = createServer((client) => proxy?.accept(client, targetPort));
    proxy = new PausingProxy(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** `nats://127.0.0.1:<port>` of the proxy. */
  get url(): string {
    const address = this.#server.address();
    return `nats://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  }

  private accept(client: Socket, targetPort: number): void {
    const upstream = tcpConnect(targetPort, "127.0.0.1");
    const pair = { client, upstream, held: [] as Buffer[] };
    this.#pairs.add(pair);
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => {
      if (this.#paused) pair.held.push(chunk);
      else client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.#pairs.delete(pair);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  }

  /** Holds back everything the server sends from now on. */
  pause(): void {
    this.#paused = true;
  }

  /** Sends what was held back, in order, and lets traffic flow again. */
  resume(): void {
    this.#paused = false;
    for (const pair of this.#pairs) {
      for (const chunk of pair.held.splice(0)) pair.client.write(chunk);
    }
  }

  /** Closes the proxy and its connections. */
  async close(): Promise<void> {
    for (const pair of this.#pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
