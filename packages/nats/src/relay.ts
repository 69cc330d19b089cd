/**
 * `startRelay()`: many Asterisk servers into NATS JetStream, and their actions by request/reply.
 */
import type { AmiTransport } from "@amikit/client";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { Observable, Subject } from "rxjs";
import { AmiRelayConfigError } from "./errors.ts";
import type { PublisherCounters } from "./ordered-publisher.ts";
import { type RelayServerConfig, ServerRelay } from "./server-relay.ts";
import type { RelayStatus } from "./status.ts";
import { DEFAULT_STREAM_PREFIX } from "./subjects.ts";

/** Options for {@link startRelay}. */
export interface RelayOptions {
  /** The NATS connection (from `@nats-io/transport-node`, `-deno`, or any other); the relay does not close it. */
  readonly nats: NatsConnection;
  /** Moves AMI bytes: `nodeTransport()` from `@amikit/node`, or the Deno/Bun one. */
  readonly transport: AmiTransport;
  /** The Asterisk servers. Names must be unique. */
  readonly servers: readonly RelayServerConfig[];
  /**
   * Events per server held while NATS does not take them (in flight included). Beyond it, events are
   * dropped, counted, and one `gap` marker is stored before the next event that fits. Default 100 000.
   */
  readonly bufferSize?: number;
  /** Publishes in flight per server. Default 256. */
  readonly publishWindow?: number;
  /** Milliseconds to wait for one JetStream ack before retrying. Default 5 000. */
  readonly publishTimeout?: number;
  /** Milliseconds between retries while NATS does not answer. Default 500. */
  readonly retryDelay?: number;
  /** Prefix of the per-server stream names (`AMI_<server>`). Default `"AMI_"`. */
  readonly streamPrefix?: string;
  /** How long a stream keeps messages, in milliseconds, when the relay creates it. Default 24 hours. */
  readonly maxAge?: number;
  /**
   * JetStream's duplicate window in milliseconds, when the relay creates the stream: a re-sent message
   * with the same `Nats-Msg-Id` within it is dropped. Default 2 minutes.
   */
  readonly duplicateWindow?: number;
  /** Told about every failure the relay recovers from by itself (AMI connect errors, NATS timeouts). */
  readonly onError?: (error: unknown, server: string) => void;
}

/** A running relay. */
export interface Relay {
  /** The names of the relayed servers. */
  readonly servers: readonly string[];
  /**
   * Every status the relay stores (`connected`, `reconnecting`, `gap`, `stopped`), as it queues it. A
   * new subscriber first gets the latest status of each server. Completes after `close()`.
   */
  readonly status$: Observable<RelayStatus>;
  /** The last status queued for `server` (`undefined` before its first one). */
  lastStatus(server: string): RelayStatus | undefined;
  /** Publisher counters of one server: stored, duplicates dropped, events dropped, buffered, failures. */
  counters(server: string): PublisherCounters;
  /** Resolves once everything queued for every server so far is stored in JetStream. */
  idle(): Promise<void>;
  /**
   * Stops: closes the AMI connections (Logoff), stores a `stopped` status per server, waits up to
   * `timeout` ms (default 5 000) for the buffers to drain. Does not close the NATS connection.
   */
  close(timeout?: number): Promise<void>;
  /** Stops without storing anything more, as a crash would. For fault tests. @internal */
  abandon(): Promise<void>;
}

/**
 * Starts a relay: creates (or reuses) one stream per server (`AMI_<server>`, subjects
 * `ami.<server>.event.>` and `ami.<server>.status`), serves actions on `ami.<server>.action`, and
 * connects to every Asterisk in the background (retrying until it logs in). Resolves once every stream
 * is ready.
 *
 * @throws {AmiRelayConfigError} a server name is invalid or repeated, or credentials are missing.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  if (!Array.isArray(options.servers) || options.servers.length === 0) {
    throw new AmiRelayConfigError("The relay needs at least one server");
  }
  const status$ = new Subject<RelayStatus>();
  const lastStatuses = new Map<string, RelayStatus>();
  const js = jetstream(options.nats);
  const jsm = await jetstreamManager(options.nats);
  const settings = {
    nats: options.nats,
    js,
    jsm,
    transport: options.transport,
    bufferSize: positive(options.bufferSize, 100_000, "bufferSize"),
    publishWindow: positive(options.publishWindow, 256, "publishWindow"),
    publishTimeout: positive(options.publishTimeout, 5_000, "publishTimeout"),
    retryDelay: positive(options.retryDelay, 500, "retryDelay"),
    streamPrefix: options.streamPrefix ?? DEFAULT_STREAM_PREFIX,
    maxAge: positive(options.maxAge, 24 * 3_600_000, "maxAge"),
    duplicateWindow: positive(options.duplicateWindow, 120_000, "duplicateWindow"),
    onError: options.onError ?? (() => undefined),
    onStatus: (status: RelayStatus) => {
      lastStatuses.set(status.server, status);
      status$.next(status);
    },
  };
  const relays = new Map<string, ServerRelay>();
  for (const config of options.servers) {
    if (relays.has(config.name)) throw new AmiRelayConfigError(`Server "${config.name}" is listed twice`);
    relays.set(config.name, new ServerRelay(config, settings));
  }
  const started: ServerRelay[] = [];
  try {
    for (const relay of relays.values()) {
      await relay.start();
      started.push(relay);
    }
  } catch (error) {
    await Promise.all(started.map((relay) => relay.abandon()));
    throw error;
  }
  let closing: Promise<void> | undefined;
  const get = (server: string): ServerRelay => {
    const relay = relays.get(server);
    if (relay === undefined) throw new AmiRelayConfigError(`No server "${server}" in this relay`);
    return relay;
  };
  return {
    servers: [...relays.keys()],
    status$: new Observable<RelayStatus>((subscriber) => {
      for (const status of lastStatuses.values()) subscriber.next(status);
      return status$.subscribe(subscriber);
    }),
    lastStatus: (server) => {
      get(server);
      return lastStatuses.get(server);
    },
    counters: (server) => get(server).counters,
    idle: async () => {
      await Promise.all([...relays.values()].map((relay) => relay.idle()));
    },
    close(timeout = 5_000) {
      closing ??= Promise.all([...relays.values()].map((relay) => relay.stop(timeout))).then(() =>
        status$.complete(),
      );
      return closing;
    },
    abandon() {
      closing ??= Promise.all([...relays.values()].map((relay) => relay.abandon())).then(() =>
        status$.complete(),
      );
      return closing;
    },
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) {
    throw new AmiRelayConfigError(`${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}
