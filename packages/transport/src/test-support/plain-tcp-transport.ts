import * as net from "node:net";
import {
  type AmiSocket,
  AmiSocketError,
  type AmiTransport,
  closedError,
  openSocket,
} from "@amikit/transport";

/** A plain-TCP transport over `node:net`: everything a runtime adapter has to write itself. */
export function plainTcpTransport(): AmiTransport {
  return {
    specificationVersion: "v1",
    name: "plain-tcp",
    open(target, handlers, signal) {
      if (target.tls !== undefined && target.tls !== false) {
        return Promise.reject(new AmiSocketError("unsupported", "plainTcpTransport() cannot do TLS"));
      }
      // openSocket keeps the phases, connectTimeout, the signal, error mapping and onClose-exactly-once;
      // the adapter only reports what its runtime's socket does.
      return openSocket(target, handlers, signal, (opening) => {
        const socket = net.connect({ host: target.host, port: target.port });
        const ami: AmiSocket = {
          secure: false,
          write: (chunk) =>
            opening.phase !== "open"
              ? Promise.reject(closedError(opening.where))
              : new Promise((resolve, reject) => {
                  socket.write(chunk, (error) =>
                    error || socket.destroyed ? reject(closedError(opening.where, error)) : resolve(),
                  );
                }),
          async close() {
            if (opening.closing()) {
              // Bytes still queued are dropped (their writes reject); else a graceful end (FIN).
              if (socket.writableLength > 0) socket.destroy();
              else socket.end(() => socket.destroy());
            }
            await opening.closed;
          },
        };
        socket.on("connect", () => opening.established(ami));
        socket.on("data", (chunk: Uint8Array) => {
          if (!opening.deliver(new Uint8Array(chunk))) socket.destroy();
        });
        socket.on("error", (error) => (opening.connecting ? opening.fail(error) : opening.noteError(error)));
        // The peer ended its side (after its last bytes): AMI has no half-duplex use, so the connection is
        // over; destroy rather than wait to flush bytes the peer may never read.
        socket.on("end", () => opening.peerEnded() && socket.destroy());
        socket.on("close", () => opening.ended());
        return () => socket.destroy(); // the attempt failed: timeout, abort or error
      });
    },
  };
}
