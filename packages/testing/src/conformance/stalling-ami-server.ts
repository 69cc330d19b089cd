import * as net from "node:net";
import { AmiDecoder, type AmiPacket, encodePacket } from "@amikit/codec";

/**
 * A loopback AMI server that greets, accepts any Login, and then stops reading until `resume()`: the
 * server a client meets when Asterisk hangs or falls behind. Once reading, it answers every action with
 * `Response: Success`. @internal
 */
export interface StallingAmiServer {
  readonly host: string;
  readonly port: number;
  /** Every action read (the Login first), in order. */
  readonly actions: AmiPacket[];
  /** Resolves once the Login was answered and the server stopped reading. */
  readonly stalled: Promise<void>;
  /** Reads (and answers) again. */
  resume(): void;
  /** Destroys the connection and stops listening. */
  close(): Promise<void>;
}

/** Starts a {@link StallingAmiServer} on 127.0.0.1 with an OS-chosen port. @internal */
export async function startStallingAmiServer(): Promise<StallingAmiServer> {
  const actions: AmiPacket[] = [];
  const sockets: net.Socket[] = [];
  let markStalled: () => void = () => {};
  const stalled = new Promise<void>((resolve) => {
    markStalled = resolve;
  });
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on("error", () => {});
    const decoder = new AmiDecoder();
    socket.on("data", (chunk: Uint8Array) => {
      for (const packet of decoder.push(chunk)) {
        actions.push(packet);
        const answer = {
          Response: "Success",
          ActionID: packet.actionId ?? "",
          Message: `${packet.name} done`,
        };
        socket.write(encodePacket(answer));
        if (actions.length === 1) {
          // Answered the Login: from now on, read nothing.
          socket.pause();
          markStalled();
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
    actions,
    stalled,
    resume() {
      for (const socket of sockets) socket.resume();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
