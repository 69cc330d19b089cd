import {
  type AmiSocket,
  AmiSocketError,
  type AmiSocketHandlers,
  type AmiTarget,
  type AmiTransport,
} from "@amikit/transport";
import type { EndpointEvents, ServerEndpoint } from "./endpoint.ts";

/** @internal What the memory transport needs from a server (the fake or a transcript replay). */
export interface MemoryServer {
  /** Accepts a connection; throws (an `AmiSocketError` coded `refused`) to refuse it. */
  acceptMemory(endpoint: ServerEndpoint): EndpointEvents;
}

type Delivery =
  | { readonly kind: "data"; readonly bytes: Uint8Array; readonly written?: Written }
  | { readonly kind: "close"; readonly error?: Error };

/** Settles a client write: once the server read its bytes, or with an error when they never reach it. */
interface Written {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * One direction of an in-memory connection: items are delivered in order on a later microtask, so a
 * writer never re-enters its reader synchronously (as with a real socket).
 */
class Pipe {
  #items: Delivery[] = [];
  readonly #deliver: (item: Delivery) => void;
  #scheduled = false;

  constructor(deliver: (item: Delivery) => void) {
    this.#deliver = deliver;
  }

  push(item: Delivery): void {
    this.#items.push(item);
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#drain());
  }

  /** Drops everything not yet delivered (a reset); writes waiting in it reject with `error`. */
  clear(error: Error): void {
    const items = this.#items;
    this.#items = [];
    for (const item of items) if (item.kind === "data") item.written?.reject(error);
  }

  #drain(): void {
    this.#scheduled = false;
    // Take the batch first: deliveries may push more, which a later microtask delivers.
    const items = this.#items;
    this.#items = [];
    // (After a reset the receiving side ignores the rest itself.)
    for (const item of items) this.#deliver(item);
  }
}

let nextMemoryPort = 40000;

/**
 * @internal Opens an in-memory connection to `server`: the returned socket is the client side; the server
 * side is a {@link ServerEndpoint}. Client writes reach the server in order, and vice versa.
 */
export function openMemoryConnection(
  server: MemoryServer,
  target: AmiTarget,
  handlers: AmiSocketHandlers,
  signal?: AbortSignal,
): Promise<AmiSocket> {
  if (signal?.aborted) {
    return Promise.reject(
      new AmiSocketError("aborted", "Connection aborted: the signal fired before the connection was made", {
        cause: signal.reason,
      }),
    );
  }
  let clientClosed = false;
  let clientClosing = false;
  let serverGone = false;
  let serverEvents: EndpointEvents | undefined;

  const finishClient = (error?: Error) => {
    if (clientClosed) return;
    clientClosed = true;
    handlers.onClose(error);
  };
  const toClient = new Pipe((item) => {
    if (clientClosed) return;
    if (item.kind === "data") {
      if (!clientClosing) handlers.onData(item.bytes);
    } else finishClient(item.error);
  });
  const toServer = new Pipe((item) => {
    if (serverGone || serverEvents === undefined) {
      if (item.kind === "data") item.written?.reject(closedError());
      return;
    }
    if (item.kind === "data") {
      try {
        serverEvents.data(item.bytes);
      } finally {
        item.written?.resolve();
      }
    } else {
      serverGone = true;
      serverEvents.ended();
    }
  });

  const remotePort = nextMemoryPort++;
  if (nextMemoryPort > 60999) nextMemoryPort = 40000;
  const endpoint: ServerEndpoint = {
    kind: "memory",
    localAddress: "127.0.0.1",
    localPort: target.port,
    remoteAddress: "127.0.0.1",
    remotePort,
    write(bytes) {
      // The server side hands over fresh arrays it never touches again, so no copy is needed.
      if (serverGone) return;
      toClient.push({ kind: "data", bytes });
    },
    end() {
      if (serverGone) return;
      serverGone = true;
      toClient.push({ kind: "close" });
      serverEvents?.ended();
    },
    reset() {
      if (serverGone) return;
      serverGone = true;
      toServer.clear(closedError());
      toClient.push({
        kind: "close",
        error: new AmiSocketError("reset", "Connection reset by the fake Asterisk"),
      });
      serverEvents?.ended();
    },
  };

  try {
    serverEvents = server.acceptMemory(endpoint);
  } catch (error) {
    return Promise.reject(error);
  }

  const socket: AmiSocket = {
    secure: false,
    write(chunk) {
      if (clientClosed || clientClosing || serverGone) return Promise.reject(closedError());
      // Backpressure as the contract has it: resolves once the server has read the bytes.
      return new Promise<void>((resolve, reject) => {
        toServer.push({ kind: "data", bytes: chunk.slice(), written: { resolve, reject } });
      });
    },
    close() {
      if (clientClosed) return Promise.resolve();
      if (!clientClosing) {
        clientClosing = true;
        toServer.push({ kind: "close" });
      }
      return new Promise<void>((resolve) => {
        queueMicrotask(() => {
          finishClient();
          resolve();
        });
      });
    },
  };
  return Promise.resolve(socket);
}

function closedError(): AmiSocketError {
  return new AmiSocketError("closed", "Cannot write: the in-memory connection is closed");
}

/** @internal Builds an {@link AmiTransport} named `"memory"` that connects to `server`. */
export function memoryTransport(server: MemoryServer): AmiTransport {
  return {
    specificationVersion: "v1",
    name: "memory",
    open: (target, handlers, signal) => openMemoryConnection(server, target, handlers, signal),
  };
}
