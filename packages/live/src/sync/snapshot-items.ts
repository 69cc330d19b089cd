/** The raw answers of the snapshot actions, per domain (only the tracked ones are present). */
import type { AmiEvent } from "@amikit/client";

/** One bridge as `BridgeList` + `BridgeInfo` describe it. */
export interface BridgeItems {
  /** The `BridgeListItem`. */
  readonly item: AmiEvent;
  /** The `BridgeInfoComplete` (carries `BridgeCreator` and `BridgeName`), when `BridgeInfo` answered. */
  readonly info: AmiEvent | undefined;
  /** The `BridgeInfoChannel` items. */
  readonly members: readonly AmiEvent[];
}

/** One conference as `ConfbridgeListRooms` + `ConfbridgeList` describe it. */
export interface ConferenceItems {
  /** The `ConfbridgeListRooms` item. */
  readonly room: AmiEvent;
  /** The `ConfbridgeList` items. */
  readonly members: readonly AmiEvent[];
}

/** What the snapshot actions answered; a domain left out was not fetched. */
export interface SnapshotItems {
  /** `CoreShowChannel` items. */
  readonly channels?: readonly AmiEvent[];
  /** Bridges. */
  readonly bridges?: readonly BridgeItems[];
  /** `QueueParams`, `QueueMember` and `QueueEntry` items, in wire order. */
  readonly queues?: readonly AmiEvent[];
  /** Conferences. */
  readonly conferences?: readonly ConferenceItems[];
  /** `DeviceStateChange` items of `DeviceStateList`. */
  readonly devices?: readonly AmiEvent[];
  /** `ExtensionStatus` items of `ExtensionStateList`. */
  readonly extensions?: readonly AmiEvent[];
}
