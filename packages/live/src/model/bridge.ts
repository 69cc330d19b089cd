/** A bridge of the live model, keyed by `BridgeUniqueid`. */

/** A bridge: two-party, multi-party, holding or conference. Immutable. */
export interface LiveBridge {
  /** `BridgeUniqueid`: the key. */
  readonly uniqueid: string;
  /** `BridgeType`: `basic`, `base` (ConfBridge), `holding`… */
  readonly type: string;
  /** `BridgeTechnology`: `simple_bridge`, `native_rtp`, `softmix`, `holding_bridge`… */
  readonly technology: string;
  /** `BridgeName` (empty for anonymous bridges). */
  readonly name: string;
  /** `BridgeCreator` (e.g. `ConfBridge`, `Dial`), possibly empty. */
  readonly creator: string;
  /** The `Uniqueid`s of the channels in it, in the order they entered. Any number. */
  readonly members: readonly string[];
}
