import type { AmiPacket } from "@amikit/codec";
import { BUILTIN_ACTIONS, BUILTIN_SYNOPSES } from "./actions/builtins.ts";
import { ChannelRegistry } from "./channels/channel-registry.ts";
import { DeviceStateStore } from "./device-states/device-state-store.ts";
import type { ServerEndpoint } from "./endpoint.ts";
import { FakeAsteriskError } from "./errors.ts";
import { type FieldList, formatPacket } from "./fields.ts";
import { History } from "./history.ts";
import {
  DEFAULT_DIALPLAN,
  DEFAULT_USERS,
  type FakeAsteriskOptions,
  type FakeConnectionMode,
  type FakeDialplan,
  type FakeUser,
  type FakeWriteShaping,
} from "./options.ts";
import { ACTION_PRIVILEGES, intersects, parseClasses } from "./privileges.ts";
import { ActionRequest, type FakeActionHandler } from "./request.ts";
import { requestEvent } from "./security-events.ts";
import { type FakeSession, SessionCore, type SessionHost } from "./session.ts";

/** One action the fake received, with the connection it came on. */
export interface FakeReceivedAction {
  /** The connection. */
  readonly session: FakeSession;
  /** The `Action:` header as sent (`""` for a packet without one). */
  readonly name: string;
  /** The whole decoded packet. */
  readonly packet: AmiPacket;
}

/** Options of `fake.handle(...)`. */
export interface FakeHandleOptions {
  /**
   * The write class a user needs for this action (`"call"`, `"system,call"`); `""` for any logged-in
   * user. Default: Asterisk's class for a built-in action, else `""`.
   */
  readonly privilege?: string;
}

/** @internal A built-in action implementation. */
export type BuiltinAction = (request: ActionRequest, server: ServerCore) => void | Promise<void>;

/** @internal A scripted action. */
export interface RegisteredHandler {
  readonly name: string;
  readonly handler: FakeActionHandler;
  readonly privilege: string | undefined;
}

interface ActionWaiter {
  readonly name: string;
  readonly resolve: (action: FakeReceivedAction) => void;
}

/** @internal Options with every default applied. */
export interface ResolvedOptions {
  /** A copy of the configured users, changed at run time by {@link ServerCore.setUser}. */
  readonly users: Record<string, FakeUser>;
  readonly amiVersion: string;
  readonly asteriskVersion: string;
  readonly commandOutput: "output-headers" | "legacy";
  readonly commands: NonNullable<FakeAsteriskOptions["commands"]>;
  readonly systemName: string | undefined;
  readonly channelvars: readonly string[];
  readonly dialplan: FakeDialplan;
  readonly timeScale: number;
  readonly authFailureDelay: number;
  readonly challenge: FakeAsteriskOptions["challenge"];
  readonly initialUptime: number;
  readonly maxRequestBytes: number;
  readonly cdr: boolean;
  readonly historyLimit: number;
  readonly clock: "real" | "manual";
}

const PRE_LOGIN_ACTIONS = new Set(["login", "logoff", "challenge"]);

/** @internal The protocol engine behind a FakeAsterisk: sessions, dispatch, the event bus, channels. */
export class ServerCore implements SessionHost {
  readonly options: ResolvedOptions;
  readonly sessions: SessionCore[] = [];
  readonly received: History<FakeReceivedAction>;
  readonly errors: unknown[] = [];
  readonly handlers = new Map<string, RegisteredHandler>();
  readonly globals = new Map<string, string>();
  readonly channels: ChannelRegistry;
  /** Device, extension (hint) and presence states. */
  readonly deviceStates: DeviceStateStore;
  readonly startedAt = Date.now();
  writeShaping: FakeWriteShaping | undefined;
  connectionMode: FakeConnectionMode = "accept";
  #nextSessionNumber = 1;
  #waiters: ActionWaiter[] = [];

  constructor(options: FakeAsteriskOptions) {
    this.options = {
      users: { ...(options.users ?? DEFAULT_USERS) },
      amiVersion: options.amiVersion ?? "11.0.0",
      asteriskVersion: options.asteriskVersion ?? "22.10.1",
      commandOutput: options.commandOutput ?? "output-headers",
      commands: options.commands ?? {},
      systemName: options.systemName,
      channelvars: options.channelvars ?? [],
      dialplan: options.dialplan ?? DEFAULT_DIALPLAN,
      timeScale: options.timeScale ?? 1,
      authFailureDelay: options.authFailureDelay ?? 0,
      challenge: options.challenge,
      initialUptime: options.initialUptime ?? 0,
      maxRequestBytes: options.maxRequestBytes ?? 1024 * 1024,
      cdr: options.cdr ?? false,
      historyLimit: options.historyLimit ?? 10_000,
      clock: options.clock ?? "real",
    };
    this.writeShaping = options.writeShaping;
    this.received = new History(this.options.historyLimit);
    this.channels = new ChannelRegistry(this, options.firstChannelNumber ?? 0);
    this.deviceStates = new DeviceStateStore(
      (fields) => this.emitFields(fields),
      options.hints ?? {},
      options.deviceStates ?? {},
      options.presenceStates ?? {},
    );
  }

  /** Seconds since the fake started, plus `initialUptime`. */
  uptimeSeconds(): number {
    return this.options.initialUptime + Math.floor((Date.now() - this.startedAt) / 1000);
  }

  /** The greeting line. */
  greeting(): string {
    return `Asterisk Call Manager/${this.options.amiVersion}\r\n`;
  }

  /** Creates the session for a new connection and greets it (unless the fake is silent). */
  accept(endpoint: ServerEndpoint): SessionCore {
    const number = this.#nextSessionNumber++;
    const sessionId = `0x7f5e${(0xf4001000 + number * 0x1a0).toString(16).padStart(8, "0")}`;
    const session = new SessionCore(number, sessionId, endpoint, this, this.options);
    this.sessions.push(session);
    if (this.connectionMode === "accept") session.writeText(this.greeting());
    return session;
  }

  // ---- SessionHost ---------------------------------------------------------------------------------

  dispatch(session: SessionCore, packet: AmiPacket): void | Promise<void> {
    if (this.connectionMode === "silent") return;
    const action = packet.get("Action")?.trim() ?? "";
    const received: FakeReceivedAction = { session, name: action, packet };
    this.received.push(received);
    this.#notifyWaiters(received);
    const request = new ActionRequest(action, packet, session, () => this.#runBuiltin(request));

    if (action.length === 0) {
      request.error("Missing action in request");
      this.emitFields(
        requestEvent("RequestBadFormat", session, "Action: NONE", Date.now(), sessionTv(session)),
      );
      return;
    }
    const key = action.toLowerCase();
    if (!session.authenticated && !PRE_LOGIN_ACTIONS.has(key)) {
      this.#denied(request);
      return;
    }
    const registered = this.handlers.get(key);
    if (registered === undefined && BUILTIN_ACTIONS[key] === undefined) {
      this.#unknown(request);
      return;
    }
    const privilege = registered?.privilege ?? ACTION_PRIVILEGES[key] ?? "";
    if (privilege !== "" && !intersects(parseClasses(privilege), session.writeClasses)) {
      this.#denied(request);
      return;
    }
    if (registered === undefined) return this.#runBuiltin(request);
    const result = registered.handler(request);
    if (result instanceof Promise) {
      return result.then((fields) => {
        if (fields !== undefined) request.respond(fields);
      });
    }
    if (result !== undefined) request.respond(result);
  }

  recordError(error: unknown, _session: SessionCore): void {
    this.errors.push(error);
  }

  sessionClosed(_session: SessionCore): void {}

  // ---- actions -------------------------------------------------------------------------------------

  #runBuiltin(request: ActionRequest): void | Promise<void> {
    const builtin = BUILTIN_ACTIONS[request.name.toLowerCase()];
    if (builtin === undefined) {
      this.#unknown(request);
      return;
    }
    return builtin(request, this);
  }

  #unknown(request: ActionRequest): void {
    request.error(
      `Invalid/unknown command: ${request.name}. Use Action: ListCommands to show available commands.`,
    );
    this.emitFields(
      requestEvent(
        "RequestBadFormat",
        request.session,
        `Action: ${request.name}`,
        Date.now(),
        sessionTv(request.session),
      ),
    );
  }

  #denied(request: ActionRequest): void {
    request.error("Permission denied");
    this.emitFields(
      requestEvent(
        "RequestNotAllowed",
        request.session,
        `Action: ${request.name}`,
        Date.now(),
        sessionTv(request.session),
      ),
    );
  }

  /** Registers a handler; returns the function that removes it again. */
  handle(action: string, handler: FakeActionHandler, options: FakeHandleOptions = {}): () => void {
    const key = action.trim().toLowerCase();
    if (key.length === 0) throw new FakeAsteriskError("fake.handle() needs an action name");
    const registered: RegisteredHandler = { name: action.trim(), handler, privilege: options.privilege };
    this.handlers.set(key, registered);
    return () => {
      if (this.handlers.get(key) === registered) this.handlers.delete(key);
    };
  }

  /** Calls `resolve` with the next action called `name` (case-insensitive); returns a canceller. */
  nextAction(name: string, resolve: (action: FakeReceivedAction) => void): () => void {
    const waiter: ActionWaiter = { name: name.toLowerCase(), resolve };
    this.#waiters.push(waiter);
    return () => {
      this.#waiters = this.#waiters.filter((each) => each !== waiter);
    };
  }

  #notifyWaiters(received: FakeReceivedAction): void {
    if (this.#waiters.length === 0) return;
    const name = received.name.toLowerCase();
    const remaining: ActionWaiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.name === name) waiter.resolve(received);
      else remaining.push(waiter);
    }
    this.#waiters = remaining;
  }

  // ---- event bus -----------------------------------------------------------------------------------

  /**
   * Sends an event to every session that may see it (read classes, event mask, filters), adding
   * `SystemName:` after `Privilege:` when the fake has a system name. Returns how many sessions got it.
   */
  emitFields(fields: FieldList): number {
    const systemName = this.options.systemName;
    let list = fields;
    if (
      systemName !== undefined &&
      list[1]?.[0].toLowerCase() === "privilege" &&
      !list.some(([name]) => name.toLowerCase() === "systemname")
    ) {
      list = [...list.slice(0, 2), ["SystemName", systemName], ...list.slice(2)];
    }
    const text = formatPacket(list);
    let delivered = 0;
    for (const session of this.sessions) if (session.deliverEvent(list, text)) delivered++;
    // A device's new state may change hints: their ExtensionStatus events follow it.
    this.deviceStates.observe(fields);
    return delivered;
  }

  /** The built-in actions' names and synopses, by lowercase name. */
  builtinSynopses(): typeof BUILTIN_SYNOPSES {
    return BUILTIN_SYNOPSES;
  }

  /** Adds, replaces or (with `undefined`) removes a user; later Logins see the change. */
  setUser(name: string, user: FakeUser | undefined): void {
    if (name.length === 0) throw new FakeAsteriskError("setUser() needs a user name");
    if (user === undefined) delete this.options.users[name];
    else this.options.users[name] = user;
  }

  /** The user record of a name, if it exists. */
  user(name: string): FakeUser | undefined {
    return Object.hasOwn(this.options.users, name) ? this.options.users[name] : undefined;
  }
}

/** @internal When the session logged in (the `SessionTV` of security events), if it did. */
export function sessionTv(session: SessionCore): number | undefined {
  return session.authenticatedAt;
}
