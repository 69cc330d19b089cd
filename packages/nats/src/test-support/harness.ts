/**
 * Shared pieces of the relay tests: a NATS server per file, fake Asterisks, a relay over them and
 * event generators whose exact bytes are known.
 */
import { AmiDecoder, encodePacket } from "@amikit/codec";
import { createFakeAsterisk, type FakeAsterisk } from "@amikit/testing";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { firstValueFrom, type Observable, filter as rxFilter } from "rxjs";
import { type Relay, type RelayOptions, startRelay } from "../relay.ts";
import type { RelayServerConfig } from "../server-relay.ts";
import type { RelayStatus } from "../status.ts";

export { natsServerAvailable, TestNatsServer } from "./nats-server.ts";

/** Connects to a test server (reconnecting forever, quickly). */
export function natsConnect(url: string): Promise<NatsConnection> {
  return connect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 100, timeout: 2_000 });
}

/** The fields of test event `n` of `server`: repeated `Variable` headers interleaved with others. */
export function testEventFields(server: string, n: number): [string, string][] {
  return [
    ["Event", n % 3 === 0 ? "Newchannel" : "VarSet"],
    ["Privilege", "call,all"],
    ["Server", server],
    ["Counter", String(n)],
    ["Variable", `A=${n}`],
    ["Channel", `PJSIP/${server}-${n.toString(16).padStart(8, "0")}`],
    ["Variable", "B=x: y"],
    ["Padding", n % 7 === 0 ? "  leading and trailing  " : ""],
  ];
}

/** The bytes the relay must store for test event `n` of `server`. */
export function testEventBytes(server: string, n: number): Uint8Array {
  return encodePacket(testEventFields(server, n));
}

/** Starts a fake Asterisk for a server. */
export function fakeServer(): FakeAsterisk {
  return createFakeAsterisk();
}

/** The relay config of a fake reached through its in-memory transport. */
export function fakeServerConfig(name: string, extra: Partial<RelayServerConfig> = {}): RelayServerConfig {
  return { name, username: "admin", secret: "amipass", ...extra };
}

/** A relay started by {@link relayOver}, which also knows how far each server's events have reached it. */
export interface TestRelay extends Relay {
  /**
   * The highest `Counter` of the test events (see {@link testEventFields}) the relay has read from
   * `server` so far (0 before any). Once it reaches `n`, event `n` and everything the fake sent before
   * it has been handed to the relay's publisher (stored, buffered or dropped).
   */
  lastCounter(server: string): number;
}

/** Starts a relay whose transport routes each server to its fake (by the `host` name). */
export async function relayOver(
  nats: NatsConnection,
  fakes: Readonly<Record<string, FakeAsterisk>>,
  options: Partial<RelayOptions> & { servers?: RelayServerConfig[] } = {},
): Promise<TestRelay> {
  const servers = options.servers ?? Object.keys(fakes).map((name) => fakeServerConfig(name, { host: name }));
  const hostOf = new Map(servers.map((config) => [config.host ?? config.name, config.name]));
  const lastCounters = new Map<string, number>();
  const relay = await startRelay({
    nats,
    servers,
    transport: {
      specificationVersion: "v1",
      name: "memory",
      open(target, handlers, signal) {
        const fake = fakes[target.host];
        if (fake === undefined) throw new Error(`no fake for ${target.host}`);
        const name = hostOf.get(target.host) ?? target.host;
        const decoder = new AmiDecoder();
        return fake.transport().open(
          target,
          {
            onData(chunk) {
              // The relay's wire tap reads the chunk (synchronously) first; only then is it counted.
              handlers.onData(chunk);
              for (const packet of decoder.push(chunk)) {
                const counter = Number(packet.get("Counter"));
                if (packet.type === "event" && counter > (lastCounters.get(name) ?? 0)) {
                  lastCounters.set(name, counter);
                }
              }
            },
            onClose: (error) => handlers.onClose(error),
          },
          signal,
        );
      },
    },
    retryDelay: 100,
    publishTimeout: 2_000,
    ...options,
  });
  return Object.assign(relay, { lastCounter: (server: string) => lastCounters.get(server) ?? 0 });
}

/**
 * Waits until the relay has read test event `n` of `server` (so it is stored, buffered or dropped) —
 * `relay.idle()` alone can resolve before events still on their way from the fake have arrived.
 */
export function relayed(relay: TestRelay, server: string, n: number, timeout = 45_000): Promise<void> {
  return waitFor(() => relay.lastCounter(server) >= n, timeout, `event ${n} of ${server} read by the relay`);
}

/** Waits until the relay has read test event `n` of `server`, then until everything queued is stored. */
export async function stored(relay: TestRelay, server: string, n: number): Promise<void> {
  await relayed(relay, server, n);
  await relay.idle();
}

/** Resolves once every server of the relay has logged in (its last status is `connected`). */
export function allConnected(relay: Relay, timeout = 45_000): Promise<void> {
  return waitFor(
    () => relay.servers.every((name) => relay.lastStatus(name)?.status === "connected"),
    timeout,
    "every server connected",
  );
}

/** Resolves with the first status matching `predicate`. */
export function nextStatus(
  status$: Observable<RelayStatus>,
  predicate: (status: RelayStatus) => boolean,
): Promise<RelayStatus> {
  return firstValueFrom(status$.pipe(rxFilter(predicate)));
}

/** Waits until `condition()` holds (polling), or fails after `timeout` ms. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeout = 30_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One message of a server's stream, as a remote client delivers it. */
export type StreamEntry =
  | {
      readonly kind: "event";
      readonly epoch: number;
      readonly sequence: number;
      readonly counter: string | undefined;
    }
  | { readonly kind: "status"; readonly status: RelayStatus };

/**
 * Reads a server's whole stream (from its first message) through a remote client, waiting until
 * `count` entries have arrived, then `settle` ms more to catch extras.
 */
export async function readStream(
  nats: NatsConnection,
  server: string,
  count: number,
  settle = 300,
): Promise<StreamEntry[]> {
  const { createRemoteClient } = await import("../remote-client.ts");
  const remote = await createRemoteClient({ nats, server, deliver: "all" });
  const entries: StreamEntry[] = [];
  remote.markers$.subscribe((status) => entries.push({ kind: "status", status }));
  remote.packets$.subscribe((event) =>
    entries.push({
      kind: "event",
      epoch: event.epoch,
      sequence: event.sequence,
      counter: event.packet.get("Counter"),
    }),
  );
  await waitFor(() => entries.length >= count, 30_000, `${count} stream entries of ${server}`);
  await new Promise((resolve) => setTimeout(resolve, settle));
  await remote.close();
  return entries;
}

/** The `Counter` values of the test events in `entries`, in order. */
export function counters(entries: readonly StreamEntry[]): number[] {
  return entries.flatMap((entry) =>
    entry.kind === "event" && entry.counter !== undefined ? [Number(entry.counter)] : [],
  );
}

/** The statuses in `entries`, in order. */
export function statuses(entries: readonly StreamEntry[]): RelayStatus[] {
  return entries.flatMap((entry) => (entry.kind === "status" ? [entry.status] : []));
}

/** `[from, from + 1, … to]`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
