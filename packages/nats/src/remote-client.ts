/**
 * `createRemoteClient()`: the direct client's surface over NATS. Events come from the server's
 * JetStream stream (as stored by the relay, in order); actions go to the relay by request/reply.
 */
import {
  AmiAbortError,
  type AmiActionOptions,
  type AmiClient,
  type AmiClientState,
  AmiClosedError,
  type AmiEvent,
  type AmiEventReaderDefaults,
  type AmiListResult,
  type AmiOriginateParams,
  type AmiOriginateResponse,
  type AmiResponse,
  AmiTimeoutError,
  AmiValidationError,
  createEventReaders,
  ofEvent,
  splitSendFields,
} from "@amikit/client";
import { AmiDecoder, type AmiFieldValue, type AmiPacket } from "@amikit/codec";
import type { ActionResponse, EventOf, ListItemEvent } from "@amikit/definitions";
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { BehaviorSubject, Observable, Subject } from "rxjs";
import { type ActionReply, type ActionRequest, fromWireError } from "./action-protocol.ts";
import { AmiRelayConfigError, AmiRelayError } from "./errors.ts";
import { parseStatus, type RelayStatus } from "./status.ts";
import { DEFAULT_STREAM_PREFIX, RELAY_HEADERS, serverSubjects } from "./subjects.ts";
import { toWireParams } from "./wire-params.ts";

/** Where a new (or non-durable) event consumer starts in the stream. */
export type RemoteDeliver = "new" | "all" | { readonly startSequence: number };

/** Options for {@link createRemoteClient}. */
export interface RemoteClientOptions {
  /** The user's NATS connection (any runtime's transport). `close()` does not close it. */
  readonly nats: NatsConnection;
  /** The server's name, as in the relay's config. */
  readonly server: string;
  /**
   * A durable consumer name: the stream position is kept by JetStream, and a client created again
   * with the same name resumes after the last event it delivered, with nothing lost or repeated.
   * Without it, an ordered (ephemeral) consumer is used.
   */
  readonly durable?: string;
  /** Where to start when there is no durable position yet. Default `"new"` (events from now on). */
  readonly deliver?: RemoteDeliver;
  /** Default timeout for actions, in milliseconds. Default 10 000. */
  readonly actionTimeout?: number;
  /** Extra milliseconds to wait for the relay's answer beyond the action's timeout. Default 1 000. */
  readonly replyGrace?: number;
  /** Prefix of the stream names. Default `"AMI_"`. */
  readonly streamPrefix?: string;
  /**
   * Set `false` for an action-only client that consumes no events: it reads no stream, and its state
   * is the server's last stored status when it was created. Default `true`.
   */
  readonly events?: boolean;
  /**
   * The defaults of `events()` readers, as the direct client's option: at most `size` events buffered
   * per reader (default 10 000), and the `overflow` policy when full (default `"error"`).
   */
  readonly eventBuffer?: AmiEventReaderDefaults;
}

/** A state of the remote client: the direct client's, plus the relay status that caused it. */
export interface AmiRemoteState extends AmiClientState {
  /** The status message of the relay this state comes from (`connected`, `reconnecting`, `gap`, `stopped`). */
  readonly relay?: RelayStatus;
}

/** An event as stored by the relay, with its place in the stream. */
export interface RemoteEventPacket {
  /** The server's name. */
  readonly server: string;
  /** The connection epoch. */
  readonly epoch: number;
  /** The sequence number within the epoch. */
  readonly sequence: number;
  /** The JetStream stream sequence. */
  readonly streamSequence: number;
  /** The packet, every field in wire order. */
  readonly packet: AmiPacket;
  /** The stored bytes: the packet's `Key: Value` lines and the blank line. */
  readonly payload: Uint8Array;
}

/**
 * The members the direct client and the remote client share, with the same types: code written
 * against these runs on either. (`connect()`, `pendingActions` and `greeting` are the direct client's
 * alone: the relay holds the connection.)
 */
export type AmiClientSurface = Pick<
  AmiClient,
  | "action"
  | "action$"
  | "list"
  | "list$"
  | "command"
  | "originate"
  | "send"
  | "events$"
  | "events"
  | "lagged$"
  | "on"
  | "state$"
  | "close"
>;

/**
 * A client of one Asterisk server through a relay. Its actions run on the relay's connection and pass
 * its allow-list for the server (`AmiActionNotAllowedError` otherwise); its events are the server's
 * stream. `list()` and `list$()` get a list whole from the relay: `list$()` emits every item at once,
 * when the closing event has arrived, not each as Asterisk sends it.
 */
export interface AmiRemoteClient extends AmiClientSurface {
  /** The server's name. */
  readonly server: string;
  /** The current state. */
  readonly state: AmiRemoteState;
  /** The state over time, from the relay's status messages; `closed` after `close()`. */
  readonly state$: Observable<AmiRemoteState>;
  /** Every relay status message (`connected`, `reconnecting`, `gap`, `stopped`) in stream order. */
  readonly markers$: Observable<RelayStatus>;
  /** Every event with its epoch, sequence and exact fields, in stream order. */
  readonly packets$: Observable<RemoteEventPacket>;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * Creates a client of `server` through a relay. Resolves once the event consumer is in place (events
 * stored from then on, or from the durable position, are delivered).
 *
 * @throws {AmiRelayConfigError} the server name is invalid.
 * @throws {AmiRelayError} the server's stream does not exist (no relay has run for it).
 */
export async function createRemoteClient(options: RemoteClientOptions): Promise<AmiRemoteClient> {
  const { nats, server } = options;
  const subjects = serverSubjects(server, options.streamPrefix ?? DEFAULT_STREAM_PREFIX);
  const actionTimeout = options.actionTimeout ?? 10_000;
  const replyGrace = options.replyGrace ?? 1_000;
  const state$ = new BehaviorSubject<AmiRemoteState>({ status: "connecting" });
  const events$ = new Subject<AmiEvent>();
  const markers$ = new Subject<RelayStatus>();
  const packets$ = new Subject<RemoteEventPacket>();
  // Checks `eventBuffer` before anything touches NATS. The readers read `events$`, so they get events
  // exactly when an `events$` subscriber would (and they end when `close()` completes it).
  const readers = eventReaders(events$, options.eventBuffer);
  const decoder = new AmiDecoder({ expectGreeting: false });
  let closed = false;
  let messages: ConsumerMessages | undefined;
  let loop: Promise<void> | undefined;
  /** With a durable consumer: its manager, and the stream sequence of the last event acknowledged. */
  let durableJsm: Awaited<ReturnType<typeof jetstreamManager>> | undefined;
  let lastAcked = 0;
  const durable = options.durable;

  const applyStatus = (status: RelayStatus): void => {
    const current = state$.value.status;
    const next: AmiClientState["status"] =
      status.status === "connected"
        ? "connected"
        : status.status === "reconnecting"
          ? "reconnecting"
          : status.status === "stopped"
            ? "idle"
            : current;
    state$.next({ status: next, relay: status });
  };

  const handle = (message: JsMsg): void => {
    const kind = message.headers?.get(RELAY_HEADERS.kind);
    if (kind === "status") {
      const status = parseStatus(textDecoder.decode(message.data));
      if (status !== undefined) {
        markers$.next(status);
        applyStatus(status);
      }
      return;
    }
    const packets = decoder.push(message.data);
    for (const packet of packets) {
      if (packets$.observed) {
        packets$.next({
          server,
          epoch: Number(message.headers?.get(RELAY_HEADERS.epoch)),
          sequence: Number(message.headers?.get(RELAY_HEADERS.sequence)),
          streamSequence: message.seq,
          packet,
          payload: message.data,
        });
      }
      if (events$.observed) events$.next(packet.toObject() as AmiEvent);
    }
  };

  /** Starts `state$` from the last status stored for the server, when there is one. */
  const applyLastStatus = async (jsm: Awaited<ReturnType<typeof jetstreamManager>>): Promise<void> => {
    const last = await jsm.streams
      .getMessage(subjects.stream, { last_by_subj: subjects.status })
      .catch(() => null);
    const status = last === null ? undefined : parseStatus(textDecoder.decode(last.data));
    if (status !== undefined) applyStatus(status);
  };

  if (options.events === false) {
    // No consumer: the state is the last one stored when the client was created (if any).
    await jetstreamManager(nats)
      .then(applyLastStatus)
      .catch(() => undefined);
  } else {
    const jsm = await jetstreamManager(nats);
    try {
      await jsm.streams.info(subjects.stream);
    } catch (error) {
      throw new AmiRelayError(
        `No stream ${subjects.stream} for server "${server}": has a relay run for it?`,
        server,
        { cause: error },
      );
    }
    await applyLastStatus(jsm);
    const js = jetstream(nats);
    const deliver = deliverOptions(options.deliver ?? "new");
    let consumer: Awaited<ReturnType<typeof js.consumers.get>>;
    if (durable === undefined) {
      consumer = await js.consumers.get(subjects.stream, deliver);
    } else {
      await prepareDurable(jsm, subjects.stream, durable, deliver);
      durableJsm = jsm;
      consumer = await js.consumers.get(subjects.stream, durable);
    }
    messages = await consumer.consume({ max_messages: 1_000 });
    const iterator = messages;
    loop = (async () => {
      try {
        for await (const message of iterator) {
          if (closed) break;
          handle(message);
          if (durable !== undefined) {
            message.ack();
            lastAcked = message.seq;
          }
        }
      } catch (error) {
        if (!closed) state$.next({ status: "reconnecting", error: error as Error });
      }
    })();
  }

  const request = async (
    action: ActionRequest,
    actionOptions: AmiActionOptions | undefined,
    params?: Readonly<Record<string, AmiFieldValue>>,
  ): Promise<unknown> => {
    if (closed) throw new AmiClosedError("The remote client is closed");
    // Checked and made JSON-safe here, so a value the direct client refuses is refused the same way
    // and nothing JSON cannot carry (a Map, a bigint) is lost or throws an untyped error.
    const body: ActionRequest =
      params === undefined ? action : { ...action, params: toWireParams(action.action, params) };
    const timeout = actionOptions?.timeout ?? actionTimeout;
    const signal = actionOptions?.signal;
    if (signal?.aborted) throw new AmiAbortError(`${body.action} aborted`, body.action, signal.reason);
    const sent = nats.request(subjects.action, textEncoder.encode(JSON.stringify({ ...body, timeout })), {
      timeout: timeout + replyGrace,
    });
    let answer: Awaited<typeof sent>;
    let onAbort: (() => void) | undefined;
    try {
      answer =
        signal === undefined
          ? await sent
          : await Promise.race([
              sent,
              new Promise<never>((_, reject) => {
                onAbort = () =>
                  reject(new AmiAbortError(`${body.action} aborted`, body.action, signal.reason));
                signal.addEventListener("abort", onAbort, { once: true });
              }),
            ]);
    } catch (error) {
      if (error instanceof AmiAbortError) throw error;
      const name = (error as Error).name;
      const noResponders =
        name === "NoRespondersError" ||
        (typeof (error as { isNoResponders?: unknown }).isNoResponders === "function" &&
          (error as { isNoResponders(): boolean }).isNoResponders());
      if (noResponders) {
        throw new AmiRelayError(`No relay serves actions for server "${server}"`, server, { cause: error });
      }
      if (name === "TimeoutError") {
        throw new AmiTimeoutError(
          `${body.action} got no answer from the relay within ${timeout + replyGrace} ms`,
          timeout,
          body.action,
        );
      }
      throw new AmiRelayError(
        `Request to the relay for "${server}" failed: ${(error as Error).message}`,
        server,
        {
          cause: error,
        },
      );
    } finally {
      // A long-lived signal shared by many actions must not collect one listener per action.
      if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
    }
    const reply = answer.json<ActionReply>();
    if (reply.ok) return reply.value;
    throw fromWireError(reply.error, server);
  };

  const client: AmiRemoteClient = {
    server,
    get state() {
      return state$.value;
    },
    state$: state$.asObservable(),
    events$: events$.asObservable(),
    markers$: markers$.asObservable(),
    packets$: packets$.asObservable(),
    action: (<A extends string>(
      name: A,
      params?: Record<string, AmiFieldValue>,
      actionOptions?: AmiActionOptions,
    ) =>
      request({ kind: "action", action: name }, actionOptions, params) as Promise<
        ActionResponse<A>
      >) as AmiClient["action"],
    list: (<A extends string>(
      name: A,
      params?: Record<string, AmiFieldValue>,
      actionOptions?: AmiActionOptions,
    ) =>
      request({ kind: "list", action: name }, actionOptions, params) as Promise<
        AmiListResult<A>
      >) as AmiClient["list"],
    command: (cli: string, actionOptions?: AmiActionOptions) =>
      request({ kind: "command", action: "Command", command: cli }, actionOptions) as Promise<string[]>,
    originate: (params: AmiOriginateParams, actionOptions?: AmiActionOptions) =>
      request(
        { kind: "originate", action: "Originate" },
        actionOptions,
        params as Record<string, AmiFieldValue>,
      ) as Promise<AmiOriginateResponse>,
    action$: (<A extends string>(
      name: A,
      params?: Record<string, AmiFieldValue>,
      actionOptions?: AmiActionOptions,
    ) =>
      cold<ActionResponse<A>>(actionOptions, async (callOptions, subscriber) => {
        subscriber.next(
          (await request({ kind: "action", action: name }, callOptions, params)) as ActionResponse<A>,
        );
      })) as AmiClient["action$"],
    list$: (<A extends string>(
      name: A,
      params?: Record<string, AmiFieldValue>,
      actionOptions?: AmiActionOptions,
    ) =>
      cold<ListItemEvent<A>>(actionOptions, async (callOptions, subscriber) => {
        const result = (await request(
          { kind: "list", action: name },
          callOptions,
          params,
        )) as AmiListResult<A>;
        for (const item of result.events) {
          if (subscriber.closed) return;
          subscriber.next(item);
        }
      })) as AmiClient["list$"],
    send: async (fields: Readonly<Record<string, AmiFieldValue>>, actionOptions?: AmiActionOptions) => {
      const { action, actionId, params: rest } = splitSendFields(fields);
      const body: ActionRequest =
        actionId === undefined ? { kind: "send", action } : { kind: "send", action, actionId };
      return (await request(body, actionOptions, rest)) as AmiResponse;
    },
    events: readers.events,
    lagged$: readers.lagged$,
    on: (<const N extends readonly [string, ...string[]]>(...names: N) =>
      events$.pipe(ofEvent(...names)) as unknown as Observable<EventOf<N[number]>>) as AmiClient["on"],
    async close() {
      if (closed) return;
      closed = true;
      await messages?.close();
      await loop;
      await nats.flush().catch(() => undefined);
      if (durableJsm !== undefined && durable !== undefined && lastAcked > 0) {
        await ackFloorReached(durableJsm, subjects.stream, durable, lastAcked);
      }
      state$.next({ status: "closed" });
      state$.complete();
      events$.complete();
      markers$.complete();
      packets$.complete();
    },
  };
  return client;
}

/** The `events()` readers over `events$`, with `eventBuffer` checked as the direct client checks it. */
function eventReaders(
  events$: Observable<AmiEvent>,
  eventBuffer: AmiEventReaderDefaults | undefined,
): ReturnType<typeof createEventReaders> {
  if (eventBuffer !== undefined && (eventBuffer === null || typeof eventBuffer !== "object"))
    throw new AmiValidationError("createRemoteClient(): eventBuffer must be an object { size?, overflow? }");
  try {
    return createEventReaders(events$, eventBuffer);
  } catch (error) {
    const message = (error as Error).message.replace("createEventReaders(): ", "eventBuffer.");
    throw new AmiValidationError(`createRemoteClient(): ${message}`, undefined, [], { cause: error });
  }
}

/**
 * A cold Observable of one relay request: each subscription runs `run` with the caller's options and a
 * signal that unsubscribing aborts (the request stops waiting; the relay may still have run the
 * action, as a direct client may have sent it). Completes when `run` resolves, errors when it rejects.
 */
function cold<T>(
  actionOptions: AmiActionOptions | undefined,
  run: (
    callOptions: AmiActionOptions,
    subscriber: { next(value: T): void; readonly closed: boolean },
  ) => Promise<void>,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    const callerSignal = actionOptions?.signal;
    const signal =
      callerSignal === undefined ? controller.signal : AbortSignal.any([callerSignal, controller.signal]);
    run({ ...actionOptions, signal }, subscriber).then(
      () => subscriber.complete(),
      (error: unknown) => subscriber.error(error),
    );
    return () => controller.abort();
  });
}

function deliverOptions(deliver: RemoteDeliver): { deliver_policy: DeliverPolicy; opt_start_seq?: number } {
  if (deliver === "all") return { deliver_policy: DeliverPolicy.All };
  if (deliver === "new") return { deliver_policy: DeliverPolicy.New };
  if (
    typeof deliver === "object" &&
    Number.isSafeInteger(deliver.startSequence) &&
    deliver.startSequence > 0
  ) {
    return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: deliver.startSequence };
  }
  throw new AmiRelayConfigError(`Invalid deliver option ${JSON.stringify(deliver)}`);
}

/**
 * Waits (up to 2 s) until JetStream has applied the acks sent for a durable consumer up to stream
 * sequence `seq`. The server takes acks in asynchronously; a client created again right after
 * `close()` reads the ack floor to know where to resume, and must not see an older one (it would
 * deliver again events already delivered).
 */
async function ackFloorReached(
  jsm: Awaited<ReturnType<typeof jetstreamManager>>,
  stream: string,
  durable: string,
  seq: number,
): Promise<void> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    const info = await jsm.consumers.info(stream, durable).catch(() => undefined);
    if (info === undefined || info.ack_floor.stream_seq >= seq || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Makes sure the durable consumer exists and will deliver exactly the first event not acknowledged:
 * when it has deliveries still unacknowledged (the previous client stopped or crashed with events in
 * flight), it is recreated to start right after its ack floor, so nothing is redelivered out of order.
 */
async function prepareDurable(
  jsm: Awaited<ReturnType<typeof jetstreamManager>>,
  stream: string,
  durable: string,
  deliver: { deliver_policy: DeliverPolicy; opt_start_seq?: number },
): Promise<void> {
  let start = deliver;
  try {
    const info = await jsm.consumers.info(stream, durable);
    if (info.num_ack_pending === 0 && info.num_redelivered === 0) return;
    start = { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: info.ack_floor.stream_seq + 1 };
    await jsm.consumers.delete(stream, durable);
  } catch (error) {
    if (!/not found/i.test((error as Error).message)) throw error;
  }
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    ...start,
  });
}
