// Test-only helpers: a raw AMI client (no @amikit/client — testing must not depend on it) that talks to
// the fake over TCP (node:net) or the in-memory transport, and collects exactly the bytes it receives.
import { connect, type Socket } from "node:net";
import { AmiDecoder, type AmiPacket } from "@amikit/codec";
import type { AmiSocket, AmiTransport } from "@amikit/transport";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A minimal client: send text, read what the server wrote, wait for packets. */
export class WireClient {
  /** Every chunk received, as received (chunk boundaries kept). */
  readonly chunks: Uint8Array[] = [];
  /** Decoded packets received so far (greeting first). */
  readonly packets: AmiPacket[] = [];
  /** Resolves with the close error (undefined for a clean close). */
  readonly closed: Promise<Error | undefined>;
  isClosed = false;
  #decoder = new AmiDecoder({ expectGreeting: true });
  #waiters: (() => void)[] = [];
  #write: (bytes: Uint8Array) => Promise<void>;
  #close: () => void;
  #resolveClosed!: (error: Error | undefined) => void;

  private constructor() {
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    this.#write = () => Promise.resolve();
    this.#close = () => {};
  }

  /** Connects over the in-memory transport. */
  static async memory(transport: AmiTransport): Promise<WireClient> {
    const client = new WireClient();
    const socket: AmiSocket = await transport.open(
      { host: "127.0.0.1", port: 5038 },
      { onData: (chunk) => client.#onData(chunk), onClose: (error) => client.#onClose(error) },
    );
    client.#write = (bytes) => socket.write(bytes);
    client.#close = () => void socket.close();
    return client;
  }

  /** Connects over TCP. */
  static tcp(port: number, host = "127.0.0.1"): Promise<WireClient> {
    const client = new WireClient();
    return new Promise((resolve, reject) => {
      const socket: Socket = connect({ host, port }, () => resolve(client));
      socket.once("error", reject);
      socket.on("error", (error) => client.#onClose(error));
      socket.on("data", (chunk: Uint8Array) =>
        client.#onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
      );
      socket.on("close", () => client.#onClose(undefined));
      client.#write = (bytes) =>
        new Promise((done, fail) => socket.write(bytes, (error) => (error ? fail(error) : done())));
      client.#close = () => socket.end();
    });
  }

  #onData(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
    this.packets.push(...this.#decoder.push(chunk));
    this.#wake();
  }

  #onClose(error: Error | undefined): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.#resolveClosed(error);
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** All bytes received so far, as text. */
  get text(): string {
    return this.chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join("");
  }

  /** Sends text (one or many packets, or anything else). */
  send(text: string): Promise<void> {
    return this.#write(encoder.encode(text));
  }

  /** Sends one action from header pairs. */
  action(fields: Record<string, string>): Promise<void> {
    let text = "";
    for (const [name, value] of Object.entries(fields)) text += `${name}: ${value}\r\n`;
    return this.send(`${text}\r\n`);
  }

  /** Waits until `ready()` holds (checked after each chunk), failing after `timeout` ms. */
  async until(ready: () => boolean, timeout = 3000, what = "condition"): Promise<void> {
    const deadline = Date.now() + timeout;
    while (!ready()) {
      if (this.isClosed) throw new Error(`connection closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${this.packets.length} packets`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the response carrying `actionId`, and returns it. */
  async response(actionId: string, timeout?: number): Promise<AmiPacket> {
    const find = () =>
      this.packets.find((packet) => packet.type === "response" && packet.actionId === actionId);
    await this.until(() => find() !== undefined, timeout, `the response to ${actionId}`);
    return find() as AmiPacket;
  }

  /** Waits for `count` packets in total (greeting included). */
  async packetCount(count: number, timeout?: number): Promise<void> {
    await this.until(() => this.packets.length >= count, timeout, `${count} packets`);
  }

  /** Closes the client side. */
  close(): void {
    this.#close();
  }
}

/** Connects in memory and logs in (admin/amipass unless given); returns once the Login response arrived. */
export async function loggedInClient(
  transport: AmiTransport,
  username = "admin",
  secret = "amipass",
  extra: Record<string, string> = {},
): Promise<WireClient> {
  const client = await WireClient.memory(transport);
  await client.action({ Action: "Login", ActionID: "login", Username: username, Secret: secret, ...extra });
  const response = await client.response("login");
  if (response.get("Response") !== "Success") throw new Error(`login failed: ${response.get("Message")}`);
  return client;
}
