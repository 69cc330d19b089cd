import { AmiDecoder, type AmiPacket } from "@amikit/codec";
import type { EndpointEvents, ServerEndpoint } from "./endpoint.ts";
import { type FakeFields, type FieldList, formatPacket, toFieldList } from "./fields.ts";
import { History } from "./history.ts";
import type { FakeUser, FakeWriteShaping } from "./options.ts";
import { type ClassSet, eventClasses, intersects, parseClasses } from "./privileges.ts";
import { isShaping, splitWrite } from "./write-shaping.ts";

const encoder = new TextEncoder();

/** A `Filter` a session added (`Operation: Add`): a regular expression over the whole event text. */
export interface FakeEventFilter {
  /** The filter as sent, `!` prefix included. */
  readonly source: string;
  /** `true` for an exclude filter (`!regex`). */
  readonly exclude: boolean;
  /** The compiled expression. */
  readonly pattern: RegExp;
}

/** One client connection to the fake, as a test sees it. */
export interface FakeSession {
  /** 1 for the first connection the fake accepted, then 2, 3 … */
  readonly id: number;
  /** The session identifier Asterisk prints in security events (`SessionID: 0x7f…`). */
  readonly sessionId: string;
  /** How the client is connected. */
  readonly kind: "tcp" | "memory";
  /** The client's port (for TCP the real one; for memory a made-up one). */
  readonly remotePort: number;
  /** The user name of a successful Login, else `undefined`. */
  readonly username: string | undefined;
  /** Whether Login succeeded on this connection. */
  readonly authenticated: boolean;
  /** Whether the connection has ended. */
  readonly closed: boolean;
  /** Resolves once the connection has ended, however it ended. */
  readonly whenClosed: Promise<void>;
  /** The event classes this session currently asks for (from Login `Events:` and the Events action). */
  readonly eventMask: ReadonlySet<string>;
  /** The filters added with the Filter action, in order. */
  readonly filters: readonly FakeEventFilter[];
  /** The packets the client sent on this connection, in order, as the codec decoded them (the last `historyLimit`). */
  readonly received: readonly AmiPacket[];
  /** The writes to the client, as text, in order: greeting, packets, raw writes (the last `historyLimit`). */
  readonly written: readonly string[];
  /** Writes one packet to this client, exactly as given (no ActionID is added). */
  send(fields: FakeFields): void;
  /** Writes raw bytes or text to this client: malformed packets, legacy bodies, anything. */
  sendRaw(data: string | Uint8Array): void;
  /**
   * Writes an event to this client if its read classes, event mask and filters let it through, as
   * Asterisk's event queue would. Returns whether it was written.
   */
  sendEvent(fields: FakeFields): boolean;
  /** Sets (or with `undefined` clears) the write shaping of this session, overriding the fake's. */
  setWriteShaping(shaping: FakeWriteShaping | undefined): void;
  /** Closes the connection from the server side after everything written so far (like after Logoff). */
  close(): Promise<void>;
  /** Resets the connection at once: the client sees `ECONNRESET` (TCP) or a reset error (memory). */
  drop(): void;
}

/** @internal What a session needs from the server it belongs to. */
export interface SessionHost {
  /** Handles one decoded packet; a returned promise holds back the session's next packet. */
  dispatch(session: SessionCore, packet: AmiPacket): void | Promise<void>;
  /** Records a failure that a test may want to see (bad bytes from the client, a throwing handler). */
  recordError(error: unknown, session: SessionCore): void;
  /** Tells the host that the session ended. */
  sessionClosed(session: SessionCore): void;
  /** Shaping for sessions that set none. */
  readonly writeShaping: FakeWriteShaping | undefined;
}

/** @internal The implementation behind {@link FakeSession}, with the state the built-in actions change. */
export class SessionCore implements FakeSession, EndpointEvents {
  readonly id: number;
  readonly sessionId: string;
  readonly kind: "tcp" | "memory";
  readonly endpoint: ServerEndpoint;
  readonly startedAt: number;
  readonly #received: History<AmiPacket>;
  readonly #written: History<string>;
  readonly whenClosed: Promise<void>;
  username: string | undefined;
  user: FakeUser | undefined;
  authenticated = false;
  /** When Login succeeded (`SessionTV` of security events). */
  authenticatedAt: number | undefined;
  closed = false;
  /** The Challenge handed out on this connection (Asterisk keeps one per session). */
  challenge: string | undefined;
  readClasses: ClassSet = new Set();
  writeClasses: ClassSet = new Set();
  eventMask: ClassSet = parseClasses("all");
  filters: FakeEventFilter[] = [];

  readonly #host: SessionHost;
  readonly #decoder: AmiDecoder;
  #inbox: AmiPacket[] = [];
  #inboxHead = 0;
  #pumping = false;
  #shaping: FakeWriteShaping | undefined | null = null;
  #output: Promise<void> = Promise.resolve();
  #queuedWrites = 0;
  #ending = false;
  #resolveClosed!: () => void;

  constructor(
    id: number,
    sessionId: string,
    endpoint: ServerEndpoint,
    host: SessionHost,
    limits: { readonly maxRequestBytes: number; readonly historyLimit: number },
  ) {
    this.#decoder = new AmiDecoder({ expectGreeting: false, maxPacketBytes: limits.maxRequestBytes });
    this.#received = new History(limits.historyLimit);
    this.#written = new History(limits.historyLimit);
    this.id = id;
    this.sessionId = sessionId;
    this.kind = endpoint.kind;
    this.endpoint = endpoint;
    this.#host = host;
    this.startedAt = Date.now();
    this.whenClosed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
  }

  get received(): readonly AmiPacket[] {
    return this.#received.toArray();
  }

  get written(): readonly string[] {
    return this.#written.toArray();
  }

  get remotePort(): number {
    return this.endpoint.remotePort;
  }

  // ---- input ---------------------------------------------------------------------------------------

  /** @internal Bytes from the client. */
  data(chunk: Uint8Array): void {
    if (this.closed) return;
    let packets: AmiPacket[];
    try {
      packets = this.#decoder.push(chunk);
    } catch (error) {
      // Asterisk drops a connection that sends it garbage it cannot frame; so does the fake.
      this.#host.recordError(error, this);
      this.drop();
      return;
    }
    for (const packet of packets) {
      this.#received.push(packet);
      this.#inbox.push(packet);
    }
    if (!this.#pumping) this.#pump();
  }

  /** @internal The connection ended (either side). */
  ended(): void {
    this.#markClosed();
  }

  #markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.#inbox = [];
    this.#inboxHead = 0;
    this.#resolveClosed();
    this.#host.sessionClosed(this);
  }

  #pump(): void {
    this.#pumping = true;
    while (this.#inboxHead < this.#inbox.length && !this.closed) {
      const packet = this.#inbox[this.#inboxHead++] as AmiPacket;
      let result: void | Promise<void>;
      try {
        result = this.#host.dispatch(this, packet);
      } catch (error) {
        this.#host.recordError(error, this);
        continue;
      }
      if (result instanceof Promise) {
        // An async handler holds the session like Asterisk's session thread: the next action waits.
        result.then(
          () => this.#pump(),
          (error: unknown) => {
            this.#host.recordError(error, this);
            this.#pump();
          },
        );
        return;
      }
    }
    this.#pumping = false;
    this.#inbox = [];
    this.#inboxHead = 0;
  }

  // ---- output --------------------------------------------------------------------------------------

  /** @internal Writes text (one packet or a raw chunk). */
  writeText(text: string): void {
    if (this.closed || this.#ending) return;
    this.#written.push(text);
    this.#writeBytes(encoder.encode(text));
  }

  #writeBytes(bytes: Uint8Array): void {
    const shaping = this.#shaping === null ? this.#host.writeShaping : this.#shaping;
    if (!isShaping(shaping)) {
      if (this.#queuedWrites === 0) {
        this.endpoint.write(bytes);
        return;
      }
      this.#queue(async () => this.endpoint.write(bytes));
      return;
    }
    const chunks = splitWrite(bytes, shaping);
    const delay = shaping.delay ?? 0;
    this.#queue(async () => {
      for (const chunk of chunks) {
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        if (this.closed) return;
        this.endpoint.write(chunk);
      }
    });
  }

  /** Shaped (delayed) writes go through one chain so that order always holds. */
  #queue(step: () => Promise<void>): void {
    this.#queuedWrites++;
    this.#output = this.#output.then(async () => {
      try {
        if (!this.closed) await step();
      } finally {
        this.#queuedWrites--;
      }
    });
  }

  /** @internal Writes one packet. */
  sendFields(fields: FieldList): void {
    this.writeText(formatPacket(fields));
  }

  send(fields: FakeFields): void {
    this.sendFields(toFieldList(fields));
  }

  sendRaw(data: string | Uint8Array): void {
    if (typeof data === "string") {
      this.writeText(data);
      return;
    }
    if (this.closed || this.#ending) return;
    this.#written.push(new TextDecoder().decode(data));
    this.#writeBytes(data.slice());
  }

  sendEvent(fields: FakeFields): boolean {
    const list = toFieldList(fields);
    return this.deliverEvent(list, formatPacket(list));
  }

  /** @internal Whether this session would receive an event with these headers and text. */
  accepts(fields: FieldList, text: string): boolean {
    if (!this.authenticated || this.closed) return false;
    const privilege = fields.find(([name]) => name.toLowerCase() === "privilege")?.[1];
    if (privilege !== undefined) {
      const classes = eventClasses(privilege);
      if (
        classes.size > 0 &&
        !(intersects(classes, this.readClasses) && intersects(classes, this.eventMask))
      ) {
        return false;
      }
    } else if (this.eventMask.size === 0) {
      return false;
    }
    return this.#passesFilters(text);
  }

  #passesFilters(text: string): boolean {
    let included = true;
    let hasInclude = false;
    for (const filter of this.filters) {
      if (filter.exclude) continue;
      if (!hasInclude) {
        hasInclude = true;
        included = false;
      }
      if (filter.pattern.test(text)) {
        included = true;
        break;
      }
    }
    if (!included) return false;
    for (const filter of this.filters) if (filter.exclude && filter.pattern.test(text)) return false;
    return true;
  }

  /** @internal Writes an event if {@link accepts} says so. */
  deliverEvent(fields: FieldList, text: string): boolean {
    if (!this.accepts(fields, text)) return false;
    this.writeText(text);
    return true;
  }

  setWriteShaping(shaping: FakeWriteShaping | undefined): void {
    this.#shaping = shaping;
  }

  close(): Promise<void> {
    if (!this.closed && !this.#ending) {
      this.#ending = true;
      if (this.#queuedWrites === 0) this.endpoint.end();
      else this.#queue(async () => this.endpoint.end());
    }
    return this.whenClosed;
  }

  drop(): void {
    if (this.closed) return;
    this.endpoint.reset();
    this.#markClosed();
  }
}
