/**
 * `createClient` and the `AmiClient` it returns: the API. Each method builds what its request does
 * with its answer (a behaviour, `behaviours.ts`) and hands it to the request engine (`requests.ts`);
 * connecting, login, keepalive, reconnect and close are the session's (`session.ts`).
 */
import type { AmiFieldValue } from "@amikit/codec";
import type { ActionResponse, EventOf, ListItemEvent } from "@amikit/definitions";
import { formatTarget } from "@amikit/transport";
import type { AmiClient } from "./ami-client.ts";
import {
  commandOutput,
  listAnswer,
  originateOutcome,
  PromiseAnswer,
  SingleAnswer,
  TrackedPromiseAnswer,
  TrackedSingleAnswer,
} from "./behaviours.ts";
import type { PendingBehaviour } from "./correlation.ts";
import { readerSettings } from "./event-reader.ts";
import { EventHub } from "./events.ts";
import { type AmiClientOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import { denoInspect, REDACTED, redactedInspect } from "./redact.ts";
import type { Requests, SubmitSettings } from "./requests.ts";
import { Observable } from "./rx.ts";
import { splitSendFields } from "./send-fields.ts";
import { Session } from "./session.ts";
import type {
  AmiActionArgs,
  AmiActionOptions,
  AmiClientState,
  AmiConnectOptions,
  AmiEvent,
  AmiEventReader,
  AmiEventReaderOptions,
  AmiLagged,
  AmiListResult,
  AmiOriginateParams,
  AmiOriginateResponse,
  AmiResponse,
} from "./types.ts";
import { fieldValue } from "./validate.ts";

export type { AmiClient } from "./ami-client.ts";

/**
 * Creates an AMI client. Nothing happens on the network until `connect()`.
 *
 * ```ts
 * const client = createClient({ transport: nodeTransport(), host: "pbx", username: "admin", secret });
 * await client.connect();
 * const { Ping } = await client.action("Ping");
 * ```
 *
 * @throws {AmiValidationError} the options are invalid (the message never contains the secret).
 */
export function createClient(options: AmiClientOptions): AmiClient {
  return new Client(resolveOptions(options));
}

class Client implements AmiClient {
  readonly #options: ResolvedOptions;
  readonly #hub = new EventHub();
  /** Connecting, login, keepalive, reconnect, close, and the state. */
  readonly #session: Session;
  /** The actions from submission to their end. */
  readonly #requests: Requests;

  readonly state$: Observable<AmiClientState>;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#session = new Session(options, this.#hub);
    this.#requests = this.#session.requests;
    this.state$ = this.#session.state$;
  }

  get state(): AmiClientState {
    return this.#session.state;
  }

  get events$(): Observable<AmiEvent> {
    return this.#hub.events$;
  }

  get lagged$(): Observable<AmiLagged> {
    return this.#hub.lagged$;
  }

  get pendingActions(): number {
    return this.#requests.size;
  }

  get greeting(): string | undefined {
    return this.#session.ready?.greeting;
  }

  connect(options?: AmiConnectOptions): Promise<void> {
    return this.#session.connect(options?.signal);
  }

  close(): Promise<void> {
    return this.#session.close();
  }

  // ── actions ──────────────────────────────────────────────────────────────────────────────────

  /**
   * The behaviour of a one-answer action (`action()`, `action$()`, `send()`): `resolve` gets the answer,
   * `reject` a `Response: Error` or any failure; an accepted Events or Filter is remembered for reconnects.
   */
  #answer(
    name: string,
    params: Readonly<Record<string, AmiFieldValue>> | undefined,
    resolve: (response: AmiResponse) => void,
    reject: (error: Error) => void,
  ): PendingBehaviour {
    // Only actions with parameters can change what a reconnect restores (Events, Filter).
    if (params === undefined) return new SingleAnswer(resolve, reject);
    const settings = this.#session.settings;
    return new TrackedSingleAnswer(resolve, reject, () => settings.track(name, params));
  }

  /**
   * {@link #answer} settling a native promise through its `resolve` alone (it is also the pending entry:
   * one object per action in flight, see `PromiseAnswer`).
   */
  #promiseAnswer(
    name: string,
    params: Readonly<Record<string, AmiFieldValue>> | undefined,
    resolve: (response: AmiResponse | PromiseLike<AmiResponse>) => void,
  ): PendingBehaviour {
    if (params === undefined) return new PromiseAnswer(resolve);
    const settings = this.#session.settings;
    return new TrackedPromiseAnswer(resolve, () => settings.track(name, params));
  }

  action<A extends string>(name: A, ...args: AmiActionArgs<A>): Promise<ActionResponse<A>> {
    const params = args[0] as Readonly<Record<string, AmiFieldValue>> | undefined;
    const options = args[1] as AmiActionOptions | undefined;
    return new Promise((resolve) => {
      const behaviour = this.#promiseAnswer(
        name,
        params,
        resolve as (response: AmiResponse | PromiseLike<AmiResponse>) => void,
      );
      this.#requests.submit(name, params, options, behaviour, VALIDATE);
    });
  }

  action$<A extends string>(name: A, ...args: AmiActionArgs<A>): Observable<ActionResponse<A>> {
    const [params, options] = splitArgs(args);
    return new Observable<ActionResponse<A>>((subscriber) => {
      const behaviour = this.#answer(
        name,
        params,
        (response) => {
          subscriber.next(response as ActionResponse<A>);
          subscriber.complete();
        },
        (error) => subscriber.error(error),
      );
      const entry = this.#requests.submit(name, params, options, behaviour, VALIDATE);
      return () => {
        if (entry !== undefined) this.#requests.abandon(entry);
      };
    });
  }

  send(fields: Readonly<Record<string, AmiFieldValue>>, options?: AmiActionOptions): Promise<AmiResponse> {
    // A throw in the executor (no `Action`) rejects the promise.
    return new Promise((resolve) => {
      const { action, actionId, params } = splitSendFields(fields);
      const behaviour = this.#promiseAnswer(action, params, resolve);
      this.#requests.submit(
        action,
        params,
        options,
        behaviour,
        actionId === undefined ? { validate: false } : { validate: false, actionId },
      );
    });
  }

  command(cli: string, options?: AmiActionOptions): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.#requests.submit("Command", { Command: cli }, options, commandOutput(resolve, reject), VALIDATE);
    });
  }

  list<A extends string>(name: A, ...args: AmiActionArgs<A>): Promise<AmiListResult<A>> {
    const [params, options] = splitArgs(args);
    return new Promise((resolve, reject) => {
      const events: AmiEvent[] = [];
      let response: AmiResponse = {};
      const finish = (complete: AmiEvent | undefined) =>
        resolve({ response, events, complete } as unknown as AmiListResult<A>);
      const behaviour = listAnswer(name, {
        response: (answer, opened) => {
          response = answer;
          if (!opened) finish(undefined);
        },
        item: (event) => events.push(event),
        complete: finish,
        fail: reject,
      });
      this.#requests.submit(name, params, options, behaviour, LIST);
    });
  }

  list$<A extends string>(name: A, ...args: AmiActionArgs<A>): Observable<ListItemEvent<A>> {
    const [params, options] = splitArgs(args);
    return new Observable<ListItemEvent<A>>((subscriber) => {
      const behaviour = listAnswer(name, {
        response: (_answer, opened) => {
          if (!opened) subscriber.complete();
        },
        item: (event) => subscriber.next(event as ListItemEvent<A>),
        complete: () => subscriber.complete(),
        fail: (error) => subscriber.error(error),
      });
      const entry = this.#requests.submit(name, params, options, behaviour, LIST);
      // Unsubscribing mid-list lets the rest of the list be swallowed rather than leak into events$.
      return () => {
        if (entry !== undefined) this.#requests.abandon(entry);
      };
    });
  }

  originate(params: AmiOriginateParams, options?: AmiActionOptions): Promise<AmiOriginateResponse> {
    const fields: Record<string, AmiFieldValue> = { ...(params as Readonly<Record<string, AmiFieldValue>>) };
    for (const key of Object.keys(fields)) if (key.toLowerCase() === "async") delete fields[key];
    fields.Async = "true";
    const callTimeout = Number(fieldValue(fields, "Timeout") ?? 30_000);
    const timeout =
      options?.timeout ??
      (Number.isFinite(callTimeout) && callTimeout > 0 ? callTimeout : 30_000) + this.#options.actionTimeout;
    return new Promise((resolve, reject) => {
      const behaviour = originateOutcome(
        (event) => resolve(event as unknown as AmiOriginateResponse),
        reject,
      );
      this.#requests.submit("Originate", fields, { ...options, timeout }, behaviour, VALIDATE);
    });
  }

  on<const N extends readonly [string, ...string[]]>(...names: N): Observable<EventOf<N[number]>> {
    return this.#hub.on(names) as Observable<EventOf<N[number]>>;
  }

  events(options?: AmiEventReaderOptions): AmiEventReader {
    return this.#hub.reader(
      readerSettings(options, this.#options.eventBufferSize, this.#options.eventOverflow),
    );
  }

  // ── diagnostics: never show the secret ───────────────────────────────────────────────────────

  toJSON(): Record<string, unknown> {
    const options = this.#options;
    return {
      transport: options.transport.name,
      host: options.host,
      port: options.port,
      username: options.credentials.username,
      secret: REDACTED,
      status: this.state.status,
    };
  }

  toString(): string {
    const options = this.#options;
    return `AmiClient(${options.credentials.username}@${formatTarget(options.host, options.port)}, ${this.state.status})`;
  }

  [redactedInspect](): string {
    return this.toString();
  }

  [denoInspect](): string {
    return this.toString();
  }
}

/** Submit settings of the typed methods (one shared object, not one per action). */
const VALIDATE: SubmitSettings = { validate: true };

/** Submit settings of the list methods. */
const LIST: SubmitSettings = { validate: true, lingers: true };

/** The `(params?, options?)` rest arguments of the typed methods, untyped. */
function splitArgs(
  args: readonly unknown[],
): [Readonly<Record<string, AmiFieldValue>> | undefined, AmiActionOptions | undefined] {
  return [
    args[0] as Readonly<Record<string, AmiFieldValue>> | undefined,
    args[1] as AmiActionOptions | undefined,
  ];
}
