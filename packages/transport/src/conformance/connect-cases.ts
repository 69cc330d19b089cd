import { check, checkRejects } from "./assert.ts";
import type { CaseDefinition } from "./case.ts";
import { refusedPort, withPeerServer } from "./peer-server.ts";
import { recordHandlers } from "./recorder.ts";
import { startStalledListener } from "./stalled-listener.ts";

const connectTimeout = 300;

/** Opening a connection: success, refusal, timeout, abort. @internal */
export const connectCases: readonly CaseDefinition[] = [
  {
    name: "open() connects over TCP: secure is false, no handler call before any byte, close() ends it",
    async run({ transport }) {
      await withPeerServer({}, async (server) => {
        const recorder = recordHandlers();
        const socket = await transport.open({ host: server.host, port: server.port }, recorder);
        check(socket.secure === false, `secure is ${socket.secure} on a plain TCP connection`);
        const peer = await server.accepted();
        check(recorder.chunks.length === 0, "onData was called though the peer sent nothing");
        check(recorder.closes.length === 0, "onClose was called on an open connection");
        await socket.close();
        await peer.closed;
      });
    },
  },
  {
    name: 'open() rejects with code "refused" (and the cause) when nothing listens on the port',
    async run({ transport }) {
      const port = await refusedPort();
      const recorder = recordHandlers();
      const error = await checkRejects(
        transport.open({ host: "127.0.0.1", port }, recorder),
        "refused",
        "open() on a closed port",
      );
      check(error.cause !== undefined, "the refusal carries no cause (the runtime's error)");
      check(error.message.includes(String(port)), `the message does not name the port: ${error.message}`);
      check(recorder.closes.length === 0, "onClose was called for a connection that never opened");
    },
  },
  {
    name: 'open() rejects with code "timeout" after connectTimeout when the listener never answers',
    async run({ transport }) {
      const listener = await startStalledListener();
      try {
        const recorder = recordHandlers();
        const started = Date.now();
        await checkRejects(
          transport.open({ host: listener.host, port: listener.port, connectTimeout }, recorder),
          "timeout",
          "open() to a listener whose backlog is full",
        );
        const elapsed = Date.now() - started;
        check(elapsed >= connectTimeout - 50, `rejected after ${elapsed} ms, before connectTimeout elapsed`);
        check(elapsed < connectTimeout + 3000, `rejected after ${elapsed} ms, long after connectTimeout`);
        check(recorder.closes.length === 0, "onClose was called for a connection that never opened");
      } finally {
        await listener.close();
      }
    },
  },
  {
    name: 'open() rejects with code "aborted" when its signal fires while connecting, or fired before',
    async run({ transport }) {
      const listener = await startStalledListener();
      try {
        const target = { host: listener.host, port: listener.port };
        const recorder = recordHandlers();
        const controller = new AbortController();
        const opening = transport.open(target, recorder, controller.signal);
        setTimeout(() => controller.abort(new Error("the test gave up")), 100);
        await checkRejects(opening, "aborted", "open() whose signal fired while connecting");
        await checkRejects(
          transport.open(target, recorder, AbortSignal.abort()),
          "aborted",
          "open() with an already aborted signal",
        );
        check(recorder.closes.length === 0, "onClose was called for a connection that never opened");
      } finally {
        await listener.close();
      }
    },
  },
];
