/** `trackPbx()`: the live state object, kept true by snapshot, events and reconcile on every connection. */
import type { AmiClient, AmiClientState, AmiEvent } from "@amikit/client";
import {
  BehaviorSubject,
  distinctUntilChanged,
  map,
  type Observable,
  Subject,
  type Subscription,
} from "rxjs";
import { diffStates, journaledChanges, type LiveChange } from "./changes.ts";
import { entityStream } from "./entity-stream.ts";
import { LivePermissionError } from "./errors.ts";
import type { LiveBridge } from "./model/bridge.ts";
import type { LiveCall } from "./model/call.ts";
import type { LiveChannel } from "./model/channel.ts";
import type { LiveConference } from "./model/conference.ts";
import type { LiveQueue } from "./model/queue.ts";
import { EMPTY_STATE, type LiveCollection, type LiveState } from "./model/state.ts";
import type { LiveDeviceState, LiveExtensionState } from "./model/states.ts";
import type { LiveOptions } from "./options.ts";
import { LIVE_DOMAINS } from "./reducers/domains.ts";
import { text, value } from "./reducers/fields.ts";
import { beginBatch, endBatch, type MapBatch, newBatch, resumeBatch, takeJournal } from "./reducers/maps.ts";
import { type ReduceOptions, reduceEvent } from "./reducers/reduce.ts";
import { pruneEndedCalls } from "./retention.ts";
import { buildSnapshot } from "./sync/build-snapshot.ts";
import { coveredDomains, fetchSnapshot, type SnapshotClient } from "./sync/fetch-snapshot.ts";
import { reconcile } from "./sync/reconcile.ts";
import type { LiveSyncStatus } from "./sync-status.ts";

/** Events reduced since the last commit, and what they changed. */
interface OpenBatch {
  state: LiveState;
  readonly changes: LiveChange[];
  changed: boolean;
  readonly maps: MapBatch;
  readonly options: ReduceOptions;
}

/** The live view of one PBX, as {@link trackPbx} returns it. */
export interface LivePbx {
  /** The whole state, once per change batch (replays the latest to new subscribers). */
  readonly state$: Observable<LiveState>;
  /** Channels by `Uniqueid`, once per batch that changed them. */
  readonly channels$: Observable<ReadonlyMap<string, LiveChannel>>;
  /** Calls by `Linkedid`. */
  readonly calls$: Observable<ReadonlyMap<string, LiveCall>>;
  /** Bridges by `BridgeUniqueid`. */
  readonly bridges$: Observable<ReadonlyMap<string, LiveBridge>>;
  /** Queues by name. */
  readonly queues$: Observable<ReadonlyMap<string, LiveQueue>>;
  /** ConfBridge conferences by name. */
  readonly conferences$: Observable<ReadonlyMap<string, LiveConference>>;
  /** Device states by `Device`. */
  readonly devices$: Observable<ReadonlyMap<string, LiveDeviceState>>;
  /** Extension states by `exten@context`. */
  readonly extensions$: Observable<ReadonlyMap<string, LiveExtensionState>>;
  /** Every change of every entity, with before, after and why (event name or `resync`). Hot. */
  readonly changes$: Observable<LiveChange>;
  /** The sync status over time (replays the latest). */
  readonly status$: Observable<LiveSyncStatus>;
  /** The sync status now. */
  readonly status: LiveSyncStatus;
  /**
   * Resolves after the first sync; rejects with `LivePermissionError` when a snapshot action is refused,
   * or with the client's error if it closes first.
   */
  readonly ready: Promise<void>;
  /** The state now (synchronous). */
  snapshot(): LiveState;
  /** One channel: emits when it appears and on every change, completes at its hangup. */
  channel$(uniqueid: string): Observable<LiveChannel>;
  /** One call: emits when it appears and on every change, completes when it ends. */
  call$(linkedid: string): Observable<LiveCall>;
  /** One bridge, completing when destroyed. */
  bridge$(uniqueid: string): Observable<LiveBridge>;
  /** One queue (never ends while tracked). */
  queue$(name: string): Observable<LiveQueue>;
  /** One conference, completing when it ends. */
  conference$(name: string): Observable<LiveConference>;
  /** Stops tracking: no more actions or events are used, every stream completes. The client stays open. */
  close(): void;
}

/**
 * Tracks the PBX behind `client`: subscribes to its events first (buffering them), takes a snapshot of
 * the tracked domains, reconciles, applies the buffered events, then follows the events, and does all of
 * that again after every reconnect. Uses only the client's public API; sends no action per call.
 *
 * ```ts
 * const pbx = trackPbx(client, { domains: ["channels", "bridges"] });
 * await pbx.ready;
 * pbx.calls$.subscribe((calls) => console.log(`${calls.size} calls`));
 * ```
 */
export function trackPbx(client: AmiClient, options: LiveOptions = {}): LivePbx {
  const domains = options.domains ?? LIVE_DOMAINS;
  const now = options.now ?? Date.now;
  const retention = options.retainEndedCalls ?? 0;
  const keepEndedCalls = retention > 0;
  const state$ = new BehaviorSubject<LiveState>(EMPTY_STATE);
  const changes$ = new Subject<LiveChange>();
  const status$ = new BehaviorSubject<LiveSyncStatus>({ state: "waiting", syncs: 0 });
  const subscriptions: Subscription[] = [];
  let received = 0;
  let scheduled = false;
  /** The batch being reduced, event by event as they arrive; committed at the next microtask. */
  let open: OpenBatch | undefined;
  let buffering = true;
  let buffer: AmiEvent[] = [];
  let generation = 0;
  let closed = false;
  let retentionTimer: ReturnType<typeof setTimeout> | undefined;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  ready.catch(() => {}); // observed through `ready` by whoever awaits it

  const setStatus = (status: LiveSyncStatus) => {
    if (!closed) status$.next(status);
  };

  const commit = (next: LiveState, changes: readonly LiveChange[], force = false) => {
    if (next === state$.value && !force) return;
    state$.next(next);
    for (const change of changes) changes$.next(change);
  };

  /** Commits the open batch, if any: one state and its changes for all its events. */
  const finishBatch = () => {
    const batch = open;
    if (batch === undefined) return;
    open = undefined;
    if (batch.changed && !closed) commit(batch.state, batch.changes, true);
  };

  const prune = () => {
    finishBatch(); // the retention timer may fire with a batch open
    if (!keepEndedCalls || closed) return;
    const before = state$.value;
    const { state, nextExpiry } = pruneEndedCalls(before, retention, now());
    commit(state, diffStates(before, state, "retention"));
    if (retentionTimer !== undefined) clearTimeout(retentionTimer);
    retentionTimer =
      nextExpiry === undefined ? undefined : setTimeout(prune, Math.max(0, nextExpiry - now()));
  };

  /** Applies events as one batch; the first `uncounted` of them do not count into queue statistics. */
  const apply = (events: readonly AmiEvent[], uncounted = 0) => {
    let state = state$.value;
    let changed = false;
    const changes: LiveChange[] = [];
    beginBatch();
    try {
      const at = now();
      const counted = { now: at, domains, keepEndedCalls, countQueueStats: true };
      const uncountedOptions = { ...counted, countQueueStats: false };
      const observed = changes$.observed;
      for (let index = 0; index < events.length; index++) {
        const event = events[index] as AmiEvent;
        const name = text(event, "Event");
        state = reduceEvent(state, event, name, index >= uncounted ? counted : uncountedOptions);
        const journal = takeJournal();
        if (journal.length === 0) continue;
        changed = true;
        if (observed) journaledChanges(state, journal, name, changes);
      }
    } finally {
      endBatch();
    }
    if (changed) commit(state, changes, true);
    prune();
  };

  /**
   * Reduces one event into the open batch (opening one, and scheduling its commit, if none is): events
   * are not kept until the batch ends, so they die young, and the batch's maps are copied once.
   */
  const reduceNow = (event: AmiEvent) => {
    let batch = open;
    if (batch === undefined) {
      const options = { now: now(), domains, keepEndedCalls, countQueueStats: true };
      batch = { state: state$.value, changes: [], changed: false, maps: newBatch(), options };
      open = batch;
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    }
    const name = value(event.Event);
    resumeBatch(batch.maps);
    try {
      batch.state = reduceEvent(batch.state, event, name, batch.options);
    } finally {
      // Even when a reducer throws: what it changed in place is in the state, and is reported as its.
      const journal = takeJournal();
      if (journal.length > 0) {
        batch.changed = true;
        if (changes$.observed) journaledChanges(batch.state, journal, name, batch.changes);
      }
      endBatch();
    }
  };

  /** Commits the events reduced so far (at the end of the microtask that saw them, or before a sync step). */
  const flush = () => {
    scheduled = false;
    if (open === undefined || closed) return;
    finishBatch();
    prune();
  };

  const sync = async () => {
    const mine = ++generation;
    flush();
    buffering = true;
    buffer = [];
    const base = received;
    let queueMark: number | undefined;
    // Notes how many events had arrived when the QueueStatus answer was complete: its QueueParams
    // already count those, so their replay must not count them again.
    const noting: SnapshotClient = {
      list: ((name: string, ...args: unknown[]) => {
        const answer = (client.list as (...params: unknown[]) => Promise<unknown>).call(
          client,
          name,
          ...args,
        );
        return name !== "QueueStatus"
          ? answer
          : answer.then((result) => {
              queueMark = received;
              return result;
            });
      }) as SnapshotClient["list"],
    };
    setStatus({ state: "syncing", syncs: status$.value.syncs });
    try {
      const items = await fetchSnapshot(noting, domains);
      if (mine !== generation || closed) return;
      flush();
      const before = state$.value;
      const fresh = buildSnapshot(items, now());
      const covered = coveredDomains(items, domains);
      const reconciled = reconcile(before, fresh, { domains: covered, keepEndedCalls, now: now() });
      commit(reconciled, diffStates(before, reconciled, "resync"));
      buffering = false;
      const buffered = buffer;
      buffer = [];
      apply(buffered, queueMark === undefined ? 0 : queueMark - base);
      setStatus({ state: "synced", syncs: status$.value.syncs + 1 });
      settle?.resolve();
    } catch (error) {
      if (mine !== generation || closed) return;
      const failure = error instanceof Error ? error : new Error(String(error));
      if (error instanceof LivePermissionError) {
        buffering = false;
        buffer = [];
        setStatus({ state: "failed", syncs: status$.value.syncs, error: failure });
        settle?.reject(failure);
      } else if (client.state.status === "connected") {
        setStatus({ state: "failed", syncs: status$.value.syncs, error: failure });
        setTimeout(() => {
          if (mine === generation && !closed && client.state.status === "connected") void sync();
        }, 1000);
      }
      // Otherwise the connection dropped meanwhile: the next `connected` starts a new sync.
    }
  };

  const onClientState = (state: AmiClientState) => {
    if (closed) return;
    if (state.status === "connected") {
      void sync();
    } else if (state.status === "closed") {
      settle?.reject(state.error ?? new Error("The AMI client closed before the live state was synced"));
      close();
    } else if (status$.value.state !== "waiting") {
      generation++;
      flush();
      buffering = true;
      buffer = [];
      setStatus({ state: "waiting", syncs: status$.value.syncs });
    }
  };

  function close(): void {
    if (closed) return;
    closed = true;
    open = undefined;
    generation++;
    if (retentionTimer !== undefined) clearTimeout(retentionTimer);
    for (const subscription of subscriptions) subscription.unsubscribe();
    status$.next({ state: "closed", syncs: status$.value.syncs });
    settle?.reject(new Error("The live state was closed before its first sync"));
    state$.complete();
    changes$.complete();
    status$.complete();
  }

  subscriptions.push(
    client.events$.subscribe((event) => {
      received++;
      if (closed) return;
      if (buffering) buffer.push(event);
      else reduceNow(event);
    }),
  );
  subscriptions.push(
    client.state$.pipe(distinctUntilChanged((a, b) => a.status === b.status)).subscribe(onClientState),
  );

  const collection = <C extends LiveCollection>(name: C): Observable<LiveState[C]> =>
    state$.pipe(
      map((state) => state[name]),
      distinctUntilChanged(),
    );

  return {
    state$: state$.asObservable(),
    channels$: collection("channels"),
    calls$: collection("calls"),
    bridges$: collection("bridges"),
    queues$: collection("queues"),
    conferences$: collection("conferences"),
    devices$: collection("devices"),
    extensions$: collection("extensions"),
    changes$: changes$.asObservable(),
    status$: status$.asObservable(),
    get status() {
      return status$.value;
    },
    ready,
    snapshot: () => state$.value,
    channel$: (uniqueid) => entityStream(state$, (state) => state.channels.get(uniqueid)),
    call$: (linkedid) =>
      entityStream(
        state$,
        (state) => state.calls.get(linkedid),
        (call) => call.endedAt !== undefined,
      ),
    bridge$: (uniqueid) => entityStream(state$, (state) => state.bridges.get(uniqueid)),
    queue$: (name) => entityStream(state$, (state) => state.queues.get(name)),
    conference$: (name) => entityStream(state$, (state) => state.conferences.get(name)),
    close,
  };
}
