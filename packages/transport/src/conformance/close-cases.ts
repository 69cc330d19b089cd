import { check, checkRejects, checkSameBytes, checkSocketError, sleep, waitUntil } from "./assert.ts";
import type { CaseDefinition } from "./case.ts";
import type { PeerConnection } from "./peer-server.ts";
import { withPeerServer } from "./peer-server.ts";
import { patternBytes, recordHandlers } from "./recorder.ts";

const probe = new TextEncoder().encode("Action: Ping\r\n\r\n");

function describeCloses(closes: readonly (Error | undefined)[]): string {
  return closes
    .map((error) => (error === undefined ? "clean" : `${error.name}: ${error.message}`))
    .join(", ");
}

/** Resets the connection from the server side (RST, not FIN). */
function reset(peer: PeerConnection): void {
  const socket = peer.socket as PeerConnection["socket"] & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

/** Ending a connection from either side, cleanly or not. @internal */
export const closeCases: readonly CaseDefinition[] = [
  {
    name: "close() from the client: onClose once without error, the peer sees the end, close() is idempotent",
    async run({ transport }) {
      await withPeerServer({}, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        const peer = await server.accepted();
        await socket.write(probe);
        await Promise.all([socket.close(), socket.close()]);
        check(
          recorder.closes.length === 1 && recorder.closes[0] === undefined,
          `onClose calls after close(): [${describeCloses(recorder.closes)}], expected one clean call`,
        );
        await socket.close();
        check(recorder.closes.length === 1, "a second close() called onClose again");
        await checkRejects(socket.write(probe), "closed", "write() after close()");
        await peer.closed;
        checkSameBytes(peer.received(), probe, "bytes written before close()");
        check(recorder.dataAfterClose === 0, "onData was called after onClose");
      });
    },
  },
  {
    name: "the peer closes: every byte it sent arrives, then onClose once without error; writes then reject",
    async run({ transport }) {
      await withPeerServer({}, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        const peer = await server.accepted();
        const farewell = patternBytes(256 * 1024, 11);
        peer.socket.end(farewell);
        await waitUntil(() => recorder.closes.length > 0, 5000, "onClose after the peer closed");
        checkSameBytes(recorder.received(), farewell, "bytes sent by the peer before it closed");
        check(
          recorder.closes[0] === undefined,
          `onClose got an error for a clean close: ${describeCloses(recorder.closes)}`,
        );
        await socket.close();
        await sleep(20);
        check(recorder.closes.length === 1, `onClose was called ${recorder.closes.length} times`);
        await checkRejects(socket.write(probe), "closed", "write() after the peer closed");
      });
    },
  },
  {
    name: 'a peer reset: onClose once with code "reset"; close() still resolves; writes then reject',
    async run({ transport }) {
      await withPeerServer({}, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        const peer = await server.accepted();
        reset(peer);
        await waitUntil(() => recorder.closes.length > 0, 5000, "onClose after the peer reset");
        checkSocketError(recorder.closes[0], "reset", "the onClose error of a reset connection");
        await socket.close();
        await sleep(20);
        check(recorder.closes.length === 1, `onClose was called ${recorder.closes.length} times`);
        await checkRejects(socket.write(probe), "closed", "write() after a reset");
      });
    },
  },
  {
    name: "an onData handler that throws: the connection ends and onClose gets that error, once",
    async run({ transport }) {
      await withPeerServer({}, async (server) => {
        const recorder = recordHandlers();
        const thrown = new Error("a bug in the handler");
        const handlers = {
          onData(chunk: Uint8Array): void {
            recorder.onData(chunk);
            throw thrown;
          },
          onClose: recorder.onClose,
        };
        const socket = await transport.open({ host: server.host, port: server.port }, handlers);
        const peer = await server.accepted();
        peer.socket.write(probe);
        await waitUntil(() => recorder.closes.length > 0, 5000, "onClose after onData threw");
        check(
          recorder.closes[0] === thrown,
          `onClose got [${describeCloses(recorder.closes)}], expected the handler's error`,
        );
        await peer.closed;
        await socket.close();
        check(recorder.closes.length === 1, `onClose was called ${recorder.closes.length} times`);
        await checkRejects(socket.write(probe), "closed", "write() after the handler threw");
      });
    },
  },
];
