import { connect as netConnect } from "node:net";
import { createServer, type TlsOptions } from "node:tls";

/** A TLS listener on 127.0.0.1 that forwards each decrypted connection to a plain TCP port. */
export interface TlsFront {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Terminates TLS in front of `targetPort` (a fake Asterisk's TCP port), as stunnel or a load balancer
 * would: the CLI speaks AMI over TLS to the front, the fake sees plain AMI.
 */
export async function startTlsFront(targetPort: number, options: TlsOptions): Promise<TlsFront> {
  const open = new Set<{ destroy(): void }>();
  const server = createServer(options, (secure) => {
    open.add(secure);
    secure.on("close", () => open.delete(secure));
    const plain = netConnect({ host: "127.0.0.1", port: targetPort });
    secure.pipe(plain).pipe(secure);
    secure.on("error", () => plain.destroy());
    plain.on("error", () => secure.destroy());
    secure.on("close", () => plain.destroy());
    plain.on("close", () => secure.destroy());
  });
  // Failed handshakes are what some tests are about; they must not crash the test process.
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}
