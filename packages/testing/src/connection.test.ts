import { AmiSocketError } from "@amikit/transport";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk } from "./index.ts";
import { loggedInClient, WireClient } from "./test-support/wire-client.ts";

let fake: FakeAsterisk;
afterEach(() => fake?.close());

const decoder = new TextDecoder();
const PING = "Action: Ping\r\nActionID: p1\r\n\r\n";

describe("write shaping", () => {
  it("splits every write at the chosen byte offsets (memory keeps chunk boundaries)", async () => {
    fake = createFakeAsterisk({ writeShaping: { splitAt: [5, 12] } });
    const client = await WireClient.memory(fake.transport());
    await client.packetCount(1);
    expect(client.chunks.map((c) => decoder.decode(c))).toEqual(["Aster", "isk Cal", "l Manager/11.0.0\r\n"]);
  });

  it("splits inside a Ping response between Response and ActionID, as login-events-off.jsonl did", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    fake.sessions[0]?.setWriteShaping({ splitAt: ["Response: Success\r\n".length] });
    const before = client.chunks.length;
    await client.send(PING);
    await client.response("p1");
    const chunks = client.chunks.slice(before).map((c) => decoder.decode(c));
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toBe("Response: Success\r\n");
    expect(chunks[1]).toMatch(/^ActionID: p1\r\nPing: Pong\r\nTimestamp: \d+\.\d{6}\r\n\r\n$/);
  });

  it("writes byte by byte with chunkSize 1, multi-byte UTF-8 split too", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    fake.setWriteShaping({ chunkSize: 1 });
    const before = client.chunks.length;
    fake.emit({ Event: "X", Privilege: "call,all", Name: "мир" });
    await client.until(() => client.packets.some((p) => p.name === "X"));
    const event = client.packets.find((p) => p.name === "X");
    expect(event?.get("Name")).toBe("мир");
    const bytes = new TextEncoder().encode("Event: X\r\nPrivilege: call,all\r\nName: мир\r\n\r\n").length;
    expect(client.chunks.length - before).toBe(bytes);
  });

  it("delays writes but keeps their order", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    fake.setWriteShaping({ delay: 15, splitAt: [3] });
    const started = Date.now();
    await client.send("Action: Ping\r\nActionID: a\r\n\r\nAction: Ping\r\nActionID: b\r\n\r\n");
    await client.response("b");
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    const order = client.packets.filter((p) => p.type === "response").map((p) => p.actionId);
    expect(order).toEqual(["login", "a", "b"]);
  });

  it("splits over TCP too (the client decodes across reads)", async () => {
    fake = createFakeAsterisk({ writeShaping: { chunkSize: 7, delay: 1 } });
    const { port } = await fake.listen();
    const client = await WireClient.tcp(port);
    await client.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "amipass" });
    expect((await client.response("l")).get("Message")).toBe("Authentication accepted");
    expect(client.chunks.length).toBeGreaterThan(10);
  });
});

describe("drop() and closing", () => {
  it('resets in-memory connections: the client sees AmiSocketError, code "reset" as runtime transports report ECONNRESET', async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    fake.drop();
    const error = await client.closed;
    expect(error).toMatchObject({ name: "AmiSocketError", code: "reset" });
    expect(fake.sessions[0]?.closed).toBe(true);
    expect(fake.openSessions).toHaveLength(0);
  });

  it("resets TCP connections (ECONNRESET) and keeps listening for the reconnect", async () => {
    fake = createFakeAsterisk();
    const { port } = await fake.listen();
    const client = await WireClient.tcp(port);
    await client.packetCount(1);
    fake.drop();
    const error = await client.closed;
    expect(error).toMatchObject({ code: "ECONNRESET" });
    const again = await WireClient.tcp(port);
    await again.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "amipass" });
    expect((await again.response("l")).get("Response")).toBe("Success");
    expect(fake.sessions).toHaveLength(2);
  });

  it("drops a single session with session.drop(), the others stay", async () => {
    fake = createFakeAsterisk();
    const a = await loggedInClient(fake.transport());
    const b = await loggedInClient(fake.transport());
    fake.sessions[0]?.drop();
    await a.closed;
    await b.send(PING);
    await b.response("p1");
    expect(b.isClosed).toBe(false);
  });

  it("sees a client close: the session ends", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    client.close();
    await fake.sessions[0]?.whenClosed;
    expect(fake.sessions[0]?.closed).toBe(true);
  });

  it('refuses connections in connectionMode "refuse" and after close()', async () => {
    fake = createFakeAsterisk();
    fake.connectionMode = "refuse";
    await expect(WireClient.memory(fake.transport())).rejects.toBeInstanceOf(AmiSocketError);
    await expect(WireClient.memory(fake.transport())).rejects.toMatchObject({ code: "refused" });
    const { port } = await fake.listen();
    // The reset can beat the connect callback: either way the client sees ECONNRESET.
    const outcome = await WireClient.tcp(port).then(
      (client) => client.closed,
      (error: unknown) => error,
    );
    expect(outcome).toMatchObject({ code: "ECONNRESET" });
    fake.connectionMode = "accept";
    const transport = fake.transport();
    await fake.close();
    await expect(WireClient.memory(transport)).rejects.toThrowError(/refused/);
  });

  it('stays silent in connectionMode "silent": no greeting, no answers', async () => {
    fake = createFakeAsterisk();
    fake.connectionMode = "silent";
    const client = await WireClient.memory(fake.transport());
    await client.send("Action: Login\r\nActionID: l\r\nUsername: admin\r\nSecret: amipass\r\n\r\n");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.chunks).toHaveLength(0);
  });

  it("drops a client that sends a packet over maxRequestBytes and records the codec's error", async () => {
    fake = createFakeAsterisk({ maxRequestBytes: 256 });
    const client = await WireClient.memory(fake.transport());
    await client.send(`Action: Ping\r\nX: ${"a".repeat(400)}`);
    expect(await client.closed).toMatchObject({ code: "reset" });
    expect(fake.errors[0]).toMatchObject({ name: "AmiFrameTooLargeError" });
  });

  it("rejects writes on a closed in-memory connection with a typed error", async () => {
    fake = createFakeAsterisk();
    const socket = await fake
      .transport()
      .open({ host: "x", port: 1 }, { onData: () => {}, onClose: () => {} });
    await socket.close();
    await socket.close();
    await expect(socket.write(new Uint8Array([65]))).rejects.toMatchObject({
      name: "AmiSocketError",
      code: "closed",
    });
  });

  it("fires onClose exactly once, and rejects open() on an aborted signal", async () => {
    fake = createFakeAsterisk();
    let closes = 0;
    const socket = await fake
      .transport()
      .open({ host: "x", port: 1 }, { onData: () => {}, onClose: () => closes++ });
    fake.drop();
    await socket.close();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(closes).toBe(1);
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    const aborted = await fake
      .transport()
      .open({ host: "x", port: 1 }, { onData: () => {}, onClose: () => {} }, controller.signal)
      .catch((error: unknown) => error);
    expect(aborted).toBeInstanceOf(AmiSocketError);
    expect(aborted).toMatchObject({ code: "aborted", cause: reason });
  });
});

describe("throughput", () => {
  it("answers 10 000 pipelined Pings in order", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport(), "admin", "amipass", { Events: "off" });
    let text = "";
    for (let i = 0; i < 10_000; i++) text += `Action: Ping\r\nActionID: p${i}\r\n\r\n`;
    await client.send(text);
    await client.until(() => client.packets.length >= 10_002, 20_000, "10 000 Pongs");
    const ids = client.packets.slice(2).map((p) => p.actionId);
    expect(ids).toEqual(Array.from({ length: 10_000 }, (_, i) => `p${i}`));
  });

  it("bounds its logs with historyLimit", async () => {
    fake = createFakeAsterisk({ historyLimit: 5 });
    const client = await loggedInClient(fake.transport(), "admin", "amipass", { Events: "off" });
    let text = "";
    for (let i = 0; i < 50; i++) text += `Action: Ping\r\nActionID: q${i}\r\n\r\n`;
    await client.send(text);
    await client.response("q49");
    expect(fake.received.map((r) => r.packet.actionId)).toEqual(["q45", "q46", "q47", "q48", "q49"]);
    expect(fake.sessions[0]?.received).toHaveLength(5);
    expect(fake.sessions[0]?.written.at(-1)).toMatch(/^Response: Success\r\nActionID: q49\r\n/);
  });
});
