import type { ChannelState } from "../channels/channel.ts";
import { DEVICE_STATES } from "../device-states/state-tables.ts";
import { FakeAsteriskError } from "../errors.ts";
import type { ServerCore } from "../server-core.ts";
import { type FakeQueueOptions, type FakeQueueStrategy, QUEUE_STRATEGIES } from "./queue-config.ts";

// The fake's queues: what apps/app_queue.c keeps per queue (struct call_queue) and per member (struct
// member) that AMI shows, and the callers waiting in it (Queue(), queue-app.ts).

/** Device states as numbers (`Status:` of the member events; main/devicestate.c `enum ast_device_state`). */
export const DEVICE_UNKNOWN = 0;
export const DEVICE_NOT_INUSE = 1;
export const DEVICE_INVALID = 4;
export const DEVICE_UNAVAILABLE = 5;

/** @internal One member of one queue. */
export interface QueueMemberState {
  readonly interface: string;
  readonly name: string;
  readonly stateInterface: string;
  readonly dynamic: boolean;
  penalty: number;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  readonly loginTime: number;
  inCall: boolean;
  status: number;
  paused: boolean;
  pausedReason: string;
  ringinuse: boolean;
  readonly wrapuptime: number;
}

/** @internal One queue. */
export interface QueueState {
  readonly name: string;
  readonly strategy: FakeQueueStrategy;
  readonly maxlen: number;
  readonly servicelevel: number;
  readonly weight: number;
  readonly ringinuse: boolean;
  readonly members: QueueMemberState[];
  holdtime: number;
  talktime: number;
  completed: number;
  abandoned: number;
  completedInServiceLevel: number;
  abandonedInServiceLevel: number;
  /** Seconds a member rings (`timeout`) and before the next try (`retry`). */
  readonly timeout: number;
  readonly retry: number;
  /** The callers waiting, position 1 first. */
  readonly callers: QueueCaller[];
  /** rrmemory: the index of the member rung last (-1 before the first call). */
  lastRung: number;
  /**
   * The cached state of the `Queue:<name>_avail` device: INUSE when the queue is created (app_queue.c
   * `init_queue`: "On restart assume no members are available"); a DeviceStateChange only when it changes.
   */
  avail: "INUSE" | "NOT_INUSE";
}

/** @internal A caller waiting in a queue (`Queue()`). */
export interface QueueCaller {
  readonly channel: ChannelState;
  /** When it joined, in the fake's simulated ms (the channel registry's `now()`). */
  readonly joinedAt: number;
  readonly originalPosition: number;
}

/**
 * The device a member's state interface names, as app_queue's `device_state_cb` compares it (without
 * case): a `Local/exten@context/n` member's device is `Local/exten@context` (cut at the second `/`).
 */
export function memberDeviceKey(stateInterface: string): string {
  const lower = stateInterface.toLowerCase();
  if (!lower.startsWith("local/")) return lower;
  const second = lower.indexOf("/", "local/".length);
  return second < 0 ? lower : lower.slice(0, second);
}

/** Seconds since the epoch, as app_queue's `time(NULL)`. */
export const unixNow = (): number => Math.floor(Date.now() / 1000);

/**
 * The member's `Status:` before any call: a `Custom:` device has the state last set for it, UNKNOWN when
 * nobody set it (recorded: `StateInterface: Custom:agent9`, `Status: 0`); a Local member is NOT_INUSE
 * (recorded). Other technologies are taken as NOT_INUSE too (UNVERIFIED: Asterisk asks the channel driver).
 * A device the queues have seen change (`devices`, e.g. a Local member still in a call) has that state:
 * app_queue's `create_queue_member` reads the member's device (`get_queue_member_status`).
 */
export function initialStatus(
  server: ServerCore | undefined,
  stateInterface: string,
  devices?: ReadonlyMap<string, number>,
): number {
  const known = devices?.get(memberDeviceKey(stateInterface));
  if (known !== undefined) return known;
  if (!stateInterface.toLowerCase().startsWith("custom:")) return DEVICE_NOT_INUSE;
  if (server === undefined) return DEVICE_UNKNOWN;
  return Math.max(0, DEVICE_STATES.indexOf(server.deviceStates.deviceState(stateInterface)));
}

/** @internal Creates a member as app_queue's `create_queue_member` does. */
export function createMember(
  server: ServerCore | undefined,
  fields: {
    readonly interface: string;
    readonly dynamic: boolean;
    readonly ringinuse: boolean;
    readonly name?: string | undefined;
    readonly stateInterface?: string | undefined;
    readonly penalty?: number | undefined;
    readonly paused?: boolean | undefined;
  },
  devices?: ReadonlyMap<string, number>,
): QueueMemberState {
  const stateInterface = fields.stateInterface || fields.interface;
  const now = unixNow();
  const paused = fields.paused ?? false;
  return {
    interface: fields.interface,
    name: fields.name || fields.interface,
    stateInterface,
    dynamic: fields.dynamic,
    penalty: fields.penalty ?? 0,
    callsTaken: 0,
    lastCall: 0,
    lastPause: paused ? now : 0,
    loginTime: now,
    inCall: false,
    status: initialStatus(server, stateInterface, devices),
    paused,
    pausedReason: "",
    ringinuse: fields.ringinuse,
    wrapuptime: 0,
  };
}

/** Rejects a queue `queues.conf` would not load as written, naming the queue and the setting. */
function checkQueue(name: string, options: FakeQueueOptions): void {
  const fail = (what: string) => {
    throw new FakeAsteriskError(`Queue ${JSON.stringify(name)}: ${what}`);
  };
  if (name.trim() === "" || /[\r\n]/.test(name)) fail("the name must be a non-empty line");
  if (options.strategy !== undefined && !QUEUE_STRATEGIES.includes(options.strategy))
    fail(`unknown strategy ${JSON.stringify(options.strategy)} (one of ${QUEUE_STRATEGIES.join(", ")})`);
  for (const [key, value] of Object.entries({
    servicelevel: options.servicelevel,
    maxlen: options.maxlen,
    weight: options.weight,
    timeout: options.timeout,
    retry: options.retry,
  })) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      fail(`${key} must be a whole number ≥ 0, not ${value}`);
  }
  const seen = new Set<string>();
  for (const member of options.members ?? []) {
    if (typeof member.interface !== "string" || member.interface.trim() === "")
      fail("every member needs an interface");
    if (member.penalty !== undefined && !(Number.isInteger(member.penalty) && member.penalty >= 0))
      fail(`member ${member.interface}: penalty must be a whole number ≥ 0, not ${member.penalty}`);
    if (seen.has(member.interface.toLowerCase())) fail(`member ${member.interface} is listed twice`);
    seen.add(member.interface.toLowerCase());
  }
}

function createQueue(server: ServerCore | undefined, name: string, options: FakeQueueOptions): QueueState {
  checkQueue(name, options);
  const ringinuse = options.ringinuse ?? true;
  return {
    name,
    strategy: options.strategy ?? "ringall",
    maxlen: options.maxlen ?? 0,
    servicelevel: options.servicelevel ?? 0,
    weight: options.weight ?? 0,
    ringinuse,
    members: (options.members ?? []).map((member) =>
      createMember(server, {
        interface: member.interface,
        name: member.name,
        stateInterface: member.stateInterface,
        penalty: member.penalty,
        dynamic: false,
        ringinuse,
      }),
    ),
    holdtime: 0,
    talktime: 0,
    completed: 0,
    abandoned: 0,
    completedInServiceLevel: 0,
    abandonedInServiceLevel: 0,
    timeout: options.timeout ?? 15,
    retry: options.retry ?? 5,
    callers: [],
    lastRung: -1,
    avail: "INUSE",
  };
}

/** @internal Every queue of one fake, in configuration order (the order the recording lists them in). */
export class QueueRegistry {
  readonly #queues = new Map<string, QueueState>();
  /**
   * The last state of each member device the queues saw change (keyed by `memberDeviceKey`): one source
   * of truth for every queue the device's members are in, and for members added later.
   */
  readonly devices = new Map<string, number>();

  constructor(server: ServerCore | undefined, options: Readonly<Record<string, FakeQueueOptions>>) {
    for (const [name, queue] of Object.entries(options))
      this.#queues.set(name, createQueue(server, name, queue));
  }

  /** All queues. */
  list(): readonly QueueState[] {
    return [...this.#queues.values()];
  }

  /** The queue of that name; app_queue compares queue names without case. */
  find(name: string): QueueState | undefined {
    const wanted = name.toLowerCase();
    return this.list().find((queue) => queue.name.toLowerCase() === wanted);
  }
}

const registries = new WeakMap<ServerCore, QueueRegistry>();

/** @internal Gives a fake its queues (`options.queues`; none by default). */
export function configureQueues(
  server: ServerCore,
  options: Readonly<Record<string, FakeQueueOptions>> | undefined,
): void {
  registries.set(server, new QueueRegistry(server, options ?? {}));
}

/** @internal The queues of a fake. */
export function queuesOf(server: ServerCore): QueueRegistry {
  let registry = registries.get(server);
  if (registry === undefined) {
    registry = new QueueRegistry(server, {});
    registries.set(server, registry);
  }
  return registry;
}

/** Whether app_queue counts the member as available (`member_status_available`, not paused). */
export function isAvailable(member: QueueMemberState): boolean {
  return (member.status === DEVICE_NOT_INUSE || member.status === DEVICE_UNKNOWN) && !member.paused;
}

/** INUSE, BUSY, RINGING, RINGINUSE, ONHOLD: a device app_queue rings only with `ringinuse`. */
const IN_USE_STATES: readonly number[] = [2, 3, 6, 7, 8];

/**
 * Whether a try may ring the member (app_queue.c `is_member_available`): not paused, and its device
 * NOT_INUSE or UNKNOWN — or in use (say, in a call from another queue) when the member has `ringinuse`.
 */
export function canRing(member: QueueMemberState): boolean {
  if (member.paused) return false;
  return isAvailable(member) || (member.ringinuse && IN_USE_STATES.includes(member.status));
}

/** Whether QueueSummary counts the member as logged in (neither UNAVAILABLE nor INVALID). */
export function isLoggedIn(member: QueueMemberState): boolean {
  return member.status !== DEVICE_UNAVAILABLE && member.status !== DEVICE_INVALID;
}
