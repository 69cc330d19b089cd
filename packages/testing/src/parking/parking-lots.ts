import type { BridgeState } from "../channels/bridge.ts";
import type { ChannelState } from "../channels/channel.ts";
import { FakeAsteriskError } from "../errors.ts";
import type { ServerCore } from "../server-core.ts";

// The fake's parking lots: what res/parking keeps per lot (struct parking_lot, its parking_lot_cfg from
// res_parking.conf) and per parked call (struct parked_user).

/** One parking lot of `res_parking.conf`, as the fake is given it. */
export interface FakeParkingLotOptions {
  /** `parkpos` start: the first space. Default 701. */
  readonly startSpace?: number;
  /** `parkpos` end: the last space. Default 750. */
  readonly stopSpace?: number;
  /** `parkingtime`: seconds a call stays parked before it times out. Default 45. */
  readonly timeout?: number;
  /** `comebackcontext`: where a timed-out call goes (extension `s`). Default `parkedcallstimeout`. */
  readonly comebackContext?: string;
}

/** @internal A call in a lot (struct parked_user). */
export interface ParkedUser {
  readonly parkee: ChannelState;
  readonly space: number;
  /** `ParkerDialString`: the timeout channel's (or the parker's) name without its `-<seq>;<n>`. */
  readonly parkerDialString: string;
  /** When it was parked (ms since the epoch) and for how long (seconds). */
  readonly parkedAt: number;
  readonly timeout: number;
  /** `ParkedCall()` on `retriever`: the parkee leaves the lot and is bridged with it. */
  readonly retrieve: (retriever: ChannelState, host: RetrieverHost) => Promise<void>;
}

/** @internal What the call running `ParkedCall()` lends the retrieval. */
export interface RetrieverHost {
  /** Resolves when the retriever's call ends. */
  readonly ended: Promise<void>;
  /** The half opposite the retriever (its caller ID follows the retrieved call's, recorded as NewCallerid). */
  readonly partner: ChannelState;
  /** Sets what the retriever's hang-up runs once its ;1 is gone (it leaves the bridge). */
  setLeaveHook(hook: (() => void) | undefined): void;
}

/** @internal A parking lot and the calls in it. */
export class ParkingLot {
  readonly name: string;
  readonly startSpace: number;
  readonly stopSpace: number;
  readonly timeout: number;
  readonly comebackContext: string;
  readonly users: ParkedUser[] = [];
  /** The lot's holding bridge, made at the first park and never destroyed (park.jsonl). */
  bridge: BridgeState | undefined;

  constructor(name: string, options: FakeParkingLotOptions) {
    this.name = name;
    this.startSpace = options.startSpace ?? 701;
    this.stopSpace = options.stopSpace ?? 750;
    this.timeout = options.timeout ?? 45;
    this.comebackContext = options.comebackContext ?? "parkedcallstimeout";
    const valid = (value: number) => Number.isInteger(value) && value >= 0;
    if (!valid(this.startSpace) || !valid(this.stopSpace) || this.stopSpace < this.startSpace)
      throw new FakeAsteriskError(
        `parking lot ${name}: parkpos ${this.startSpace}-${this.stopSpace} is not a range of spaces`,
      );
    if (!valid(this.timeout))
      throw new FakeAsteriskError(
        `parking lot ${name}: parkingtime ${this.timeout} is not a number of seconds`,
      );
  }

  /** `findslot => first`: the lowest free space, or undefined when the lot is full. */
  freeSpace(): number | undefined {
    for (let space = this.startSpace; space <= this.stopSpace; space++)
      if (!this.users.some((user) => user.space === space)) return space;
    return undefined;
  }

  /** The device of a space: `park:<space>@<context>` (the lot's `context`, parkedcalls by default). */
  device(space: number): string {
    return `park:${space}@parkedcalls`;
  }
}

const registries = new WeakMap<ServerCore, ReadonlyMap<string, ParkingLot>>();

/** @internal Gives a fake its parking lots (`options.parkingLots`; Asterisk's `default` lot otherwise). */
export function configureParking(
  server: ServerCore,
  options: Readonly<Record<string, FakeParkingLotOptions>> | undefined,
): void {
  const lots = new Map<string, ParkingLot>();
  for (const [name, lot] of Object.entries(options ?? { default: {} }))
    lots.set(name, new ParkingLot(name, lot));
  registries.set(server, lots);
}

/** @internal The fake's parking lots, by name. */
export function parkingLotsOf(server: ServerCore): ReadonlyMap<string, ParkingLot> {
  let lots = registries.get(server);
  if (lots === undefined) {
    configureParking(server, undefined);
    lots = registries.get(server) as ReadonlyMap<string, ParkingLot>;
  }
  return lots;
}
