import * as net from "node:net";
import { AmiDecoder, encodePacket } from "@amikit/codec";

/**
 * A loopback AMI server whose first connection, once it answered the Login, stops reading and, on
 * `halfClose()`, ends its side (FIN) without ever reading again: a server going away while the client's
 * writes are backed up. Every later connection answers each action with `Response: Success`. @internal
 */
export interface HalfClosingAmiServer {
  readonly host: string;
  readonly port: number;
  /** Logins answered, over all connections. */
  logins(): number;
  /** Resolves once the first connection answered the Login and stopped reading. */
  readonly stalled: Promise<void>;
  /** Ends the first connection's sending side (FIN); it still reads nothing. */
  halfClose(): void;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts a {@link HalfClosingAmiServer} on 127.0.0.1 with an OS-chosen port. @internal */
export async function startHalfClosingAmiServer(): Promise<HalfClosingAmiServer> {
  const sockets: net.Socket[] = [];
  let logins = 0;
  let markStalled: () => void = () => {};
  const stalled = new Promise<void>((resolve) => {
    markStalled = resolve;
  });
  const server = net.createServer((socket) => {
    const first = sockets.length === 0;
    sockets.push(socket);
    socket.on("error", () => {});
    const decoder = new AmiDecoder();
    let stalling = false;
    socket.on("data", (chunk: Uint8Array) => {
      if (stalling) return;
      for (const packet of decoder.push(chunk)) {
        if (packet.name.toLowerCase() === "login") logins += 1;
        socket.write(
          encodePacket({
            Response: "Success",
            ActionID: packet.actionId ?? "",
            Message: `${packet.name} done`,
          }),
        );
        if (first && logins === 1) {
          // Answered the Login: from now on, read nothing.
          stalling = true;
          socket.pause();
          markStalled();
          return;
        }
      }
    });
    socket.write("Asterisk Call Manager/11.0.0\r\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    stalled,
    logins: () => logins,
    halfClose() {
      sockets[0]?.end();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
