import { AmiSocketError } from "@amikit/transport";
import { describe, expect, it } from "vitest";
import type { ServerEndpoint } from "./endpoint.ts";
import { openMemoryConnection } from "./memory-transport.ts";

/** A memory server that records what it reads and hands out its endpoint. */
function recordingServer() {
  const read: Uint8Array[] = [];
  let endpoint: ServerEndpoint | undefined;
  const server = {
    acceptMemory(accepted: ServerEndpoint) {
      endpoint = accepted;
      return { data: (chunk: Uint8Array) => read.push(chunk), ended: () => {} };
    },
  };
  return { server, read, endpoint: () => endpoint as ServerEndpoint };
}

const handlers = { onData: () => {}, onClose: () => {} };
const bytes = new TextEncoder().encode("Action: Ping\r\n\r\n");

describe("the in-memory transport's backpressure", () => {
  it("write() resolves once the server has read the bytes, not before", async () => {
    const { server, read } = recordingServer();
    const socket = await openMemoryConnection(server, { host: "127.0.0.1", port: 5038 }, handlers);
    const writing = socket.write(bytes);
    expect(read).toHaveLength(0);
    await writing;
    expect(read).toHaveLength(1);
    expect(read[0]).toEqual(bytes);
  });

  it('a write the server has not read when it resets the connection rejects with code "closed"', async () => {
    const { server, read, endpoint } = recordingServer();
    const socket = await openMemoryConnection(server, { host: "127.0.0.1", port: 5038 }, handlers);
    const writing = socket.write(bytes);
    endpoint().reset();
    const error = await writing.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AmiSocketError);
    expect((error as AmiSocketError).code).toBe("closed");
    expect(read).toHaveLength(0);
  });
});
