/**
 * One transport connection: opens the socket, decodes what arrives, waits for the greeting, and reports
 * its end exactly once. It knows nothing of login or actions.
 */
import {
  AmiDecoder,
  type AmiDecoderOptions,
  AmiFieldLimitError,
  AmiFrameTooLargeError,
  type AmiPacket,
} from "@amikit/codec";
import { type AmiSocket, type AmiTarget, type AmiTransport, formatTarget } from "@amikit/transport";
import { AmiConnectionError, AmiGreetingError } from "./errors.ts";
import { type AmiGreetingCheck, isGreeting } from "./greeting.ts";

/**
 * Bytes a peer may send before its first line ends (`Asterisk Call Manager/11.0.0` is 28): past it, it
 * is not an AMI server, and the line is not buffered up to `maxPacketBytes`.
 */
const MAX_GREETING_BYTES = 1024;

/** What a connection reports to its owner. @internal */
export interface ConnectionListener {
  /** A decoded packet other than the greeting. */
  packet(connection: Connection, packet: AmiPacket): void;
  /** The connection ended (once). `error` explains why, absent for a close we asked for. */
  closed(connection: Connection, error: Error | undefined): void;
}

/** Parameters of {@link Connection.open}. @internal */
export interface OpenParameters {
  readonly transport: AmiTransport;
  readonly target: AmiTarget;
  /** What remains of the session's connect deadline: passed to the transport, which bounds its open. */
  readonly connectTimeout: number;
  readonly maxPacketBytes: number | undefined;
  readonly maxPacketFields: number | undefined;
  /** What the first line must look like; anything else fails the open with `AmiGreetingError`. */
  readonly greeting: AmiGreetingCheck;
  /** The connect attempt: aborted at the session's deadline (with an `AmiTimeoutError`), by `close()`, or by the caller. */
  readonly signal: AbortSignal;
  readonly listener: ConnectionListener;
}

/** An open, greeted connection. @internal */
export class Connection {
  readonly #listener: ConnectionListener;
  readonly #decoder: AmiDecoder;
  readonly #greetingCheck: AmiGreetingCheck;
  readonly #where: string;
  #socket: AmiSocket | undefined;
  #ended = false;
  #closeRequested = false;
  /** Set when we close on purpose because something went wrong (keepalive, protocol error). */
  #failure: Error | undefined;
  /** Set on a bad greeting: nothing more of this peer is read. */
  #stopped = false;
  /** Bytes read while the greeting is still awaited, and the first of them (for an error message). */
  #beforeGreeting = 0;
  #firstBytes: Uint8Array | undefined;
  #greeting: ((line: string) => void) | undefined;
  #closedBeforeOpen: ((error: Error) => void) | undefined;
  /** The greeting line, e.g. `Asterisk Call Manager/11.0.0`. */
  greeting = "";

  private constructor(
    listener: ConnectionListener,
    maxPacketBytes: number | undefined,
    maxPacketFields: number | undefined,
    greeting: AmiGreetingCheck,
    where: string,
  ) {
    this.#listener = listener;
    this.#greetingCheck = greeting;
    this.#where = where;
    const limits: { -readonly [K in keyof AmiDecoderOptions]: AmiDecoderOptions[K] } = {
      expectGreeting: true,
    };
    if (maxPacketBytes !== undefined) limits.maxPacketBytes = maxPacketBytes;
    if (maxPacketFields !== undefined) limits.maxPacketFields = maxPacketFields;
    this.#decoder = new AmiDecoder(limits);
  }

  /**
   * Opens a connection and waits for the greeting, until `signal` aborts (the session owns the one
   * connect deadline and aborts it then). Rejects with `AmiConnectionError` (cause: the transport's
   * error or the abort reason), or with `AmiGreetingError` when the first line is not an AMI greeting
   * (nothing is ever written then).
   */
  static async open(parameters: OpenParameters): Promise<Connection> {
    const { transport, target, connectTimeout, signal } = parameters;
    const where = formatTarget(target.host, target.port);
    const connection = new Connection(
      parameters.listener,
      parameters.maxPacketBytes,
      parameters.maxPacketFields,
      parameters.greeting,
      where,
    );
    if (signal.aborted)
      throw new AmiConnectionError(`connecting to ${where} was cancelled`, { cause: signal.reason });
    const attempt = new AbortController();
    const onAbort = () => attempt.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const ready = new Promise<void>((resolve, reject) => {
        connection.#greeting = () => resolve();
        connection.#closedBeforeOpen = reject;
        attempt.signal.addEventListener("abort", () => reject(attempt.signal.reason), { once: true });
      });
      // The transport may fail synchronously or asynchronously; both end up in `ready`'s rejection.
      const opening = transport
        .open({ ...target, connectTimeout }, connection.#handlers(), attempt.signal)
        .then((socket) => {
          if (connection.#ended || attempt.signal.aborted) {
            void socket.close().catch(() => {});
            return;
          }
          connection.#socket = socket;
        });
      await Promise.all([opening, ready]);
      if (connection.#socket === undefined || connection.#ended)
        throw new AmiConnectionError(`connection to ${where} closed while opening`);
      connection.#greeting = undefined;
      connection.#closedBeforeOpen = undefined;
      return connection;
    } catch (error) {
      connection.#greeting = undefined;
      connection.#closedBeforeOpen = undefined;
      connection.#ended = true;
      void connection.#socket?.close().catch(() => {});
      if (error instanceof AmiConnectionError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new AmiConnectionError(`cannot connect to ${where}: ${reason}`, { cause: error });
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  /** Whether the connection has ended. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Writes bytes; rejects with `AmiConnectionError` when the connection is gone or the write fails. */
  write(bytes: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (this.#ended || socket === undefined) {
      return Promise.reject(new AmiConnectionError("connection is closed", { cause: this.#failure }));
    }
    return socket.write(bytes).catch((error: unknown) => {
      throw new AmiConnectionError("write to the AMI connection failed", { cause: error });
    });
  }

  /**
   * Closes the connection. With `failure`, the owner hears that the connection was lost for that reason;
   * without it, that it was closed on purpose.
   */
  close(failure?: Error): Promise<void> {
    this.#closeRequested = true;
    if (!this.#ended && failure !== undefined && this.#failure === undefined) this.#failure = failure;
    const socket = this.#socket;
    const closing = socket === undefined ? Promise.resolve() : socket.close().catch(() => {});
    // A transport must call onClose; if it does not, we still end exactly once.
    return closing.then(() => this.#end(undefined));
  }

  #handlers() {
    return {
      onData: (chunk: Uint8Array) => this.#onData(chunk),
      onClose: (error?: Error) => this.#end(error),
    };
  }

  #onData(chunk: Uint8Array): void {
    // After a bad greeting nothing more of this peer is read.
    if (this.#ended || this.#stopped) return;
    const greeted = this.greeting !== "";
    if (!greeted) {
      this.#beforeGreeting += chunk.length;
      this.#firstBytes ??= chunk.slice(0, 64);
    }
    let packets: AmiPacket[];
    try {
      packets = this.#decoder.push(chunk);
    } catch (error) {
      if (error instanceof AmiFrameTooLargeError || error instanceof AmiFieldLimitError) {
        this.#deliver(error.packets);
      }
      void this.close(
        new AmiConnectionError(`malformed AMI stream: ${(error as Error).message}`, { cause: error }),
      );
      return;
    }
    this.#deliver(packets);
    if (
      !greeted &&
      this.greeting === "" &&
      !this.#ended &&
      !this.#stopped &&
      this.#beforeGreeting > MAX_GREETING_BYTES
    ) {
      // An AMI greeting is one short line; a peer still short of one after this many bytes is not AMI.
      const line = new TextDecoder().decode(this.#firstBytes).split(/\r?\n/)[0] ?? "";
      this.#stopped = true;
      void this.close(new AmiGreetingError(this.#where, line));
    }
  }

  #deliver(packets: readonly AmiPacket[]): void {
    for (const packet of packets) {
      if (this.#ended) return;
      if (packet.type === "greeting") {
        if (!this.#acceptGreeting(packet.name)) return;
        this.greeting = packet.name;
        this.#greeting?.(packet.name);
        continue;
      }
      this.#listener.packet(this, packet);
    }
  }

  /** Checks the first line; if it is not a greeting, closes with `AmiGreetingError` and returns `false`. */
  #acceptGreeting(line: string): boolean {
    let thrown: unknown;
    const caught = (error: unknown) => {
      thrown = error;
    };
    if (isGreeting(line, this.#greetingCheck, caught)) return true;
    this.#stopped = true;
    void this.close(
      new AmiGreetingError(this.#where, line, thrown === undefined ? undefined : { cause: thrown }),
    );
    return false;
  }

  #end(error: Error | undefined): void {
    if (this.#ended) {
      // Opening failed or already reported; nothing more to say.
      return;
    }
    this.#ended = true;
    let reason = this.#failure;
    if (reason === undefined && error !== undefined) {
      reason = new AmiConnectionError(`AMI connection lost: ${error.message}`, { cause: error });
    } else if (reason === undefined && !this.#closeRequested) {
      reason = new AmiConnectionError("AMI connection closed by the server");
    }
    const beforeOpen = this.#closedBeforeOpen;
    if (beforeOpen !== undefined) {
      this.#closedBeforeOpen = undefined;
      beforeOpen(reason ?? new AmiConnectionError("AMI connection closed by the server before the greeting"));
      return;
    }
    this.#listener.closed(this, reason);
  }
}
