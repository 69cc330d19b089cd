import { AmiSocketError, type AmiTransport } from "@amikit/transport";
import type { FakeBridge } from "./channels/bridge.ts";
import type { FakeChannel } from "./channels/channel.ts";
import type { EndpointEvents, ServerEndpoint } from "./endpoint.ts";
import { FakeAsteriskError } from "./errors.ts";
import { type FakeFields, toFieldList } from "./fields.ts";
import { memoryTransport } from "./memory-transport.ts";
import type { FakeAsteriskOptions, FakeConnectionMode, FakeUser, FakeWriteShaping } from "./options.ts";
import { configureParking } from "./parking/parking-lots.ts";
import { configureQueues } from "./queues/queue-state.ts";
import type { FakeActionHandler } from "./request.ts";
import { type FakeHandleOptions, type FakeReceivedAction, ServerCore } from "./server-core.ts";
import type { FakeSession } from "./session.ts";
import type { TcpListener } from "./tcp-server.ts";

/** Where {@link FakeAsterisk.listen} listens. */
export interface FakeListenOptions {
  /** Default `"127.0.0.1"`. */
  readonly host?: string;
  /** Default `0` (a free port; read the real one from the result). */
  readonly port?: number;
}

/** The address a listening fake is reachable at. */
export interface FakeAddress {
  readonly host: string;
  readonly port: number;
}

const cores = new WeakMap<FakeAsterisk, ServerCore>();

/** @internal The engine behind a fake, for the parts of this package built on it (the call simulator). */
export function coreOf(fake: FakeAsterisk): ServerCore {
  const core = cores.get(fake);
  if (core === undefined) throw new FakeAsteriskError("Not a fake Asterisk made by createFakeAsterisk()");
  return core;
}

/**
 * A fake Asterisk: speaks AMI as Asterisk 22 does (byte for byte where the shared transcripts show it),
 * over real TCP ({@link FakeAsterisk.listen}) or in memory ({@link FakeAsterisk.transport}), and lets a
 * test script every action, raise events, cut connections and shape writes.
 *
 * Create it with {@link createFakeAsterisk}.
 */
export class FakeAsterisk {
  readonly #core: ServerCore;
  #listener: TcpListener | undefined;
  #closed = false;

  constructor(options: FakeAsteriskOptions = {}) {
    this.#core = new ServerCore(options);
    cores.set(this, this.#core);
    configureQueues(this.#core, options.queues);
    configureParking(this.#core, options.parkingLots);
  }

  /**
   * Starts a TCP server (Node.js `node:net`, loaded only now) and resolves with its address.
   * Every connection gets its own session, greeting first.
   */
  async listen(options: FakeListenOptions = {}): Promise<FakeAddress> {
    if (this.#closed) throw new FakeAsteriskError("This fake Asterisk is closed");
    if (this.#listener !== undefined) throw new FakeAsteriskError("This fake Asterisk is already listening");
    const { listenTcp } = await import("./tcp-server.ts");
    this.#listener = await listenTcp(options.host ?? "127.0.0.1", options.port ?? 0, (endpoint) =>
      this.#accept(endpoint, false),
    );
    return { host: this.#listener.host, port: this.#listener.port };
  }

  /** The TCP address, once {@link listen} has resolved. */
  get address(): FakeAddress | undefined {
    return this.#listener === undefined
      ? undefined
      : { host: this.#listener.host, port: this.#listener.port };
  }

  /**
   * An `AmiTransport` (name `"memory"`) whose connections go straight to this fake, without sockets:
   * pass it as `createClient({ transport: fake.transport(), ... })`. The target host and port are ignored.
   */
  transport(): AmiTransport {
    return memoryTransport({ acceptMemory: (endpoint) => this.#accept(endpoint, true) as EndpointEvents });
  }

  #accept(endpoint: ServerEndpoint, memory: boolean): EndpointEvents | undefined {
    if (this.#closed || this.#core.connectionMode === "refuse") {
      if (memory) throw new AmiSocketError("refused", "Connection refused by the fake Asterisk");
      return undefined;
    }
    return this.#core.accept(endpoint);
  }

  /**
   * Scripts an action (case-insensitive name), replacing the built-in behaviour or adding an action the
   * fake does not know. The handler runs after the login and permission checks (see `options.privilege`).
   * Pass fields instead of a function to always answer with them. Returns a function that removes it.
   */
  handle(action: string, handler: FakeActionHandler | FakeFields, options?: FakeHandleOptions): () => void {
    const run: FakeActionHandler = typeof handler === "function" ? handler : () => handler;
    if (typeof handler !== "function") toFieldList(handler); // fail now, not on the first request
    return this.#core.handle(action, run, options);
  }

  /**
   * Adds, changes or (with `undefined`) removes a manager user from now on, as editing `manager.conf` and
   * reloading would: sessions already logged in keep the rights they logged in with; the next Login sees
   * the change. Scripts a refused login on a reconnect: `fake.setUser("admin", { secret: "rotated", read:
   * "all", write: "all" })`, then `fake.drop()` — the client's next Login gets `Authentication failed`.
   */
  setUser(name: string, user: FakeUser | undefined): void {
    this.#core.setUser(name, user);
  }

  /**
   * Raises an event on every logged-in session whose read classes, event mask and filters allow it
   * (decided by the event's `Privilege:` header; an event without one reaches every session with events
   * on). Fields are written exactly as given (plus `SystemName:` when configured). Returns how many
   * sessions received it.
   */
  emit(fields: FakeFields): number {
    return this.#core.emitFields(toFieldList(fields));
  }

  /** Resets every open connection at once: clients see `ECONNRESET` (TCP) or a reset error (memory). */
  drop(): void {
    for (const session of this.#core.sessions) session.drop();
  }

  /** Every connection so far, open and closed, in the order they arrived. */
  get sessions(): readonly FakeSession[] {
    return this.#core.sessions;
  }

  /** The connections that are still open. */
  get openSessions(): readonly FakeSession[] {
    return this.#core.sessions.filter((session) => !session.closed);
  }

  /** The actions received on any connection, in order (the last `historyLimit` of them). */
  get received(): readonly FakeReceivedAction[] {
    return this.#core.received.toArray();
  }

  /** Failures the fake swallowed to keep serving: undecodable client bytes, handlers that threw. */
  get errors(): readonly unknown[] {
    return this.#core.errors;
  }

  /**
   * The simulated channels that exist now (from Originate, the dialplan's Dial, a call simulator), newest
   * first — the channels CoreShowChannels lists.
   */
  get channels(): readonly FakeChannel[] {
    return this.#core.channels.list();
  }

  /** The bridges that exist now (Dial, ConfBridge, a call simulator's answered calls), oldest first. */
  get bridges(): readonly FakeBridge[] {
    return this.#core.channels.bridges();
  }

  /** Global dialplan variables (what Getvar/Setvar without `Channel` read and write). */
  get globals(): Map<string, string> {
    return this.#core.globals;
  }

  /**
   * Resolves with the next action called `name` (any connection). Rejects after `timeout` ms (default
   * 5000) so a test fails instead of hanging.
   */
  nextAction(name: string, options: { readonly timeout?: number } = {}): Promise<FakeReceivedAction> {
    const timeout = options.timeout ?? 5000;
    return new Promise((resolve, reject) => {
      const cancel = this.#core.nextAction(name, (action) => {
        clearTimeout(timer);
        resolve(action);
      });
      const timer = setTimeout(() => {
        cancel();
        reject(new FakeAsteriskError(`No ${name} action arrived within ${timeout} ms`));
      }, timeout);
    });
  }

  /**
   * With `clock: "manual"`, moves the simulated clock forward by `seconds`: every dialplan `Wait`, every
   * originated `Wait` application that falls due ends, in order, and the events they lead to are sent.
   * Resolves once the calls have run up to the new time. Throws with the real clock.
   */
  async advanceTime(seconds: number): Promise<void> {
    if (this.#core.options.clock !== "manual") {
      throw new FakeAsteriskError('advanceTime() needs createFakeAsterisk({ clock: "manual" })');
    }
    await this.#core.channels.advance(seconds);
  }

  /** Shapes every write from now on (sessions that set their own shaping keep it); `undefined` clears it. */
  setWriteShaping(shaping: FakeWriteShaping | undefined): void {
    this.#core.writeShaping = shaping;
  }

  /** What happens to new connections: `"accept"` (default), `"refuse"`, or `"silent"` (no greeting, no answers). */
  get connectionMode(): FakeConnectionMode {
    return this.#core.connectionMode;
  }

  set connectionMode(mode: FakeConnectionMode) {
    this.#core.connectionMode = mode;
  }

  /** Stops listening, resets every connection, ends every simulated call. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#core.channels.shutdown();
    this.drop();
    const listener = this.#listener;
    this.#listener = undefined;
    if (listener !== undefined) await listener.close();
  }
}

/** Creates a {@link FakeAsterisk}. Call `listen()` for TCP or `transport()` for in-memory connections. */
export function createFakeAsterisk(options: FakeAsteriskOptions = {}): FakeAsterisk {
  return new FakeAsterisk(options);
}
