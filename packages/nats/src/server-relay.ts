/**
 * The relay of one Asterisk server: an AMI client (through the wire tap), its stream, its ordered
 * publisher and its action service.
 */
import { type AmiClient, type AmiClientOptions, type AmiTransport, createClient } from "@amikit/client";
import { type AmiPacket, encodePacket } from "@amikit/codec";
import { type JetStreamClient, type JetStreamManager, StorageType } from "@nats-io/jetstream";
import { type Msg, type NatsConnection, nanos, type Subscription } from "@nats-io/nats-core";
import type { ActionReply, ActionRequest } from "./action-protocol.ts";
import { toWireError } from "./action-protocol.ts";
import { allowListChecker } from "./allow-list.ts";
import { AmiActionNotAllowedError, AmiRelayConfigError } from "./errors.ts";
import { OrderedPublisher, type PublisherCounters } from "./ordered-publisher.ts";
import type { RelayStatus } from "./status.ts";
import { RELAY_HEADERS, type ServerSubjects, serverSubjects } from "./subjects.ts";
import { tapTransport } from "./wire-tap.ts";

/** One Asterisk server in the relay's configuration. */
export interface RelayServerConfig {
  /** The server's name in subjects and stream names: letters, digits, `_`, `-`. */
  readonly name: string;
  /** AMI host. Default `"127.0.0.1"`. */
  readonly host?: string;
  /** AMI port. Default 5038. */
  readonly port?: number;
  /** `manager.conf` user. */
  readonly username: string;
  /** Its secret. Never logged. */
  readonly secret: string;
  /** AMI over TLS. */
  readonly tls?: AmiClientOptions["tls"];
  /** Login method. Default `"plain"`. */
  readonly authType?: "plain" | "md5";
  /**
   * Actions remote callers may run on this server (case-insensitive; `"*"` allows all). Default:
   * the read-only ones ({@link defaultAllowedActions}).
   */
  readonly allow?: readonly string[];
  /** Other client options (timeouts, keepalive, reconnect policy, event mask…). */
  readonly client?: Omit<
    AmiClientOptions,
    "transport" | "username" | "secret" | "host" | "port" | "tls" | "authType"
  >;
}

/** The relay-wide settings a server relay uses. @internal */
export interface ServerRelaySettings {
  readonly nats: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly transport: AmiTransport;
  readonly bufferSize: number;
  readonly publishWindow: number;
  readonly publishTimeout: number;
  readonly retryDelay: number;
  readonly streamPrefix: string;
  readonly maxAge: number;
  readonly duplicateWindow: number;
  readonly onError: (error: unknown, server: string) => void;
  readonly onStatus: (status: RelayStatus) => void;
}

/** Where the stream left off when the relay started: the last epoch and sequence stored. @internal */
interface StreamPosition {
  readonly epoch: number;
  readonly sequence: number;
}

/** @internal */
export class ServerRelay {
  readonly name: string;
  readonly subjects: ServerSubjects;
  readonly #config: RelayServerConfig;
  readonly #settings: ServerRelaySettings;
  readonly #publisher: OrderedPublisher;
  readonly #allowed: (action: string) => boolean;
  #client: AmiClient | undefined;
  #subscription: Subscription | undefined;
  #epoch = 0;
  #sequence = 0;
  /** The epoch that ended and whose gap is still to be announced at the next login. */
  #ended: StreamPosition | undefined;
  #loggedIn = false;
  #stopping = false;
  #connectLoop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(config: RelayServerConfig, settings: ServerRelaySettings) {
    this.name = config.name;
    this.subjects = serverSubjects(config.name, settings.streamPrefix);
    if (typeof config.username !== "string" || config.username.length === 0) {
      throw new AmiRelayConfigError(`Server "${config.name}": username is missing`);
    }
    if (typeof config.secret !== "string") {
      throw new AmiRelayConfigError(`Server "${config.name}": secret is missing`);
    }
    this.#config = config;
    this.#settings = settings;
    this.#allowed = allowListChecker(config.allow);
    this.#publisher = new OrderedPublisher({
      js: settings.js,
      server: config.name,
      subjects: this.subjects,
      bufferSize: settings.bufferSize,
      window: settings.publishWindow,
      publishTimeout: settings.publishTimeout,
      retryDelay: settings.retryDelay,
      onError: (error) => settings.onError(error, config.name),
    });
  }

  /** Publisher counters (stored, duplicates, dropped, buffered, failures). */
  get counters(): PublisherCounters {
    return this.#publisher.counters;
  }

  /** The AMI client (for the relay's own use). */
  get client(): AmiClient | undefined {
    return this.#client;
  }

  /**
   * Creates (or checks) the stream, reads where it left off (announcing a `relay-restart` gap when it
   * holds messages), starts serving actions and starts connecting to Asterisk in the background.
   */
  async start(): Promise<void> {
    const position = await this.#prepareStream();
    if (position !== undefined) {
      this.#epoch = position.epoch;
      this.#status({
        status: "gap",
        server: this.name,
        epoch: position.epoch,
        lastSequence: position.sequence,
        reason: "relay-restart",
      });
    }
    this.#subscription = this.#settings.nats.subscribe(this.subjects.action, {
      callback: (error, message) => {
        if (error === null) void this.#serve(message);
      },
    });
    const options = this.#config.client ?? {};
    this.#client = createClient({
      ...options,
      transport: tapTransport(this.#settings.transport, () => this.#connectionTap(), {
        maxPacketBytes: options.maxPacketBytes,
        maxPacketFields: options.maxPacketFields,
      }),
      host: this.#config.host ?? "127.0.0.1",
      port: this.#config.port ?? 5038,
      username: this.#config.username,
      secret: this.#config.secret,
      ...(this.#config.tls === undefined ? {} : { tls: this.#config.tls }),
      ...(this.#config.authType === undefined ? {} : { authType: this.#config.authType }),
    });
    this.#connectLoop = this.#connect(this.#client);
  }

  /** Stores a `stopped` status, waits (up to `timeout`) for the buffer to drain and closes. */
  async stop(timeout: number): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#wake?.();
    this.#subscription?.unsubscribe();
    const client = this.#client;
    if (client !== undefined) await client.close().catch(() => undefined);
    await this.#connectLoop;
    this.#status({ status: "stopped", server: this.name, epoch: this.#epoch, lastSequence: this.#sequence });
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.#publisher.idle(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeout);
      }),
    ]);
    clearTimeout(timer);
    this.#publisher.close();
  }

  /** Stops at once, publishing nothing more (what a crash would leave). For tests. @internal */
  async abandon(): Promise<void> {
    this.#stopping = true;
    this.#publisher.close();
    this.#wake?.();
    this.#subscription?.unsubscribe();
    await this.#client?.close().catch(() => undefined);
    await this.#connectLoop;
  }

  /** Resolves once everything queued so far is stored. */
  idle(): Promise<void> {
    return this.#publisher.idle();
  }

  async #prepareStream(): Promise<StreamPosition | undefined> {
    const { jsm } = this.#settings;
    const name = this.subjects.stream;
    const subjects = [this.subjects.events, this.subjects.status];
    let lastSeq = 0;
    try {
      const info = await jsm.streams.info(name);
      lastSeq = info.state.last_seq;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.streams.add({
        name,
        subjects,
        storage: StorageType.File,
        max_age: nanos(this.#settings.maxAge),
        duplicate_window: nanos(this.#settings.duplicateWindow),
      });
    }
    if (lastSeq === 0) return undefined;
    const last = await jsm.streams.getMessage(name, { seq: lastSeq });
    const epoch = Number(last?.header.get(RELAY_HEADERS.epoch));
    const sequence = Number(last?.header.get(RELAY_HEADERS.sequence));
    if (!Number.isSafeInteger(epoch) || !Number.isSafeInteger(sequence)) return { epoch: 0, sequence: 0 };
    return { epoch, sequence };
  }

  /** Connects, retrying (the client itself reconnects once it has been connected). */
  async #connect(client: AmiClient): Promise<void> {
    let delay = 250;
    while (!this.#stopping) {
      try {
        await client.connect();
        return;
      } catch (error) {
        if (this.#stopping) return;
        this.#settings.onError(error, this.name);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  #connectionTap() {
    return {
      packet: (packet: AmiPacket) => this.#onPacket(packet),
      closed: (error: Error | undefined) => this.#onClosed(error),
    };
  }

  #onPacket(packet: AmiPacket): void {
    if (packet.type === "event") {
      if (!this.#loggedIn) return;
      const sequence = ++this.#sequence;
      this.#publisher.event(this.#epoch, sequence, packet.name, encodePacket(packet.fields));
      return;
    }
    if (
      !this.#loggedIn &&
      packet.type === "response" &&
      packet.get("Message") === "Authentication accepted"
    ) {
      this.#loggedIn = true;
      const ended = this.#ended;
      this.#ended = undefined;
      if (ended !== undefined) {
        this.#status({
          status: "gap",
          server: this.name,
          epoch: ended.epoch,
          lastSequence: ended.sequence,
          reason: "asterisk-reconnect",
        });
      }
      this.#epoch++;
      this.#sequence = 0;
      this.#status({ status: "connected", server: this.name, epoch: this.#epoch });
    }
  }

  #onClosed(error: Error | undefined): void {
    if (!this.#loggedIn) return;
    this.#loggedIn = false;
    this.#ended = { epoch: this.#epoch, sequence: this.#sequence };
    if (this.#stopping) return;
    this.#status({
      status: "reconnecting",
      server: this.name,
      epoch: this.#epoch,
      lastSequence: this.#sequence,
      ...(error === undefined ? {} : { error: error.message }),
    });
  }

  #status(status: RelayStatus): void {
    this.#publisher.status(status);
    this.#settings.onStatus(status);
  }

  async #serve(message: Msg): Promise<void> {
    let reply: ActionReply;
    try {
      reply = { ok: true, value: await this.#run(message) };
    } catch (error) {
      reply = { ok: false, error: toWireError(error) };
    }
    if (message.reply === undefined || message.reply === "") return;
    let payload = JSON.stringify(reply);
    const limit = this.#settings.nats.info?.max_payload;
    if (limit !== undefined && payload.length > limit) {
      payload = JSON.stringify({
        ok: false,
        error: {
          name: "AmiRelayError",
          message: `The answer (${payload.length} bytes) is larger than NATS's max_payload (${limit})`,
        },
      } satisfies ActionReply);
    }
    try {
      message.respond(payload);
    } catch (error) {
      this.#settings.onError(error, this.name);
    }
  }

  async #run(message: Msg): Promise<unknown> {
    const request = message.json<ActionRequest>();
    const client = this.#client;
    if (typeof request !== "object" || request === null || typeof request.action !== "string") {
      throw new AmiRelayConfigError("Malformed action request");
    }
    if (!this.#allowed(request.action)) throw new AmiActionNotAllowedError(request.action, this.name);
    if (client === undefined) throw new AmiRelayConfigError("The relay is not started");
    const options = {
      ...(typeof request.timeout === "number" ? { timeout: request.timeout } : {}),
      whenDisconnected: "fail" as const,
    };
    const params = (request.params ?? {}) as Record<string, string>;
    switch (request.kind) {
      case "command":
        return client.command(String(request.command ?? ""), options);
      case "originate":
        return client.originate(params as unknown as Parameters<AmiClient["originate"]>[0], options);
      case "list":
        return client.list(request.action, params, options);
      case "send": {
        // The generic send(): no validation, as with the direct client. The action sent is the one the
        // allow-list checked: any Action or ActionID among the parameters is dropped.
        const fields: Record<string, unknown> = {};
        for (const key of Object.keys(params)) {
          const lower = key.toLowerCase();
          if (lower !== "action" && lower !== "actionid") fields[key] = params[key];
        }
        fields.Action = request.action;
        if (typeof request.actionId === "string") fields.ActionID = request.actionId;
        return client.send(fields as Parameters<AmiClient["send"]>[0], options);
      }
      default:
        return client.action(request.action, params, options);
    }
  }
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown; api_error?: { err_code?: unknown } }).api_error?.err_code;
  return code === 10059 || (error instanceof Error && /stream not found/i.test(error.message));
}
