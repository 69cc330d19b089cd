/** A call of the live model: the channels sharing one `Linkedid`. */

/** A transfer a call went through (from `BlindTransfer` / `AttendedTransfer`). */
export interface LiveTransfer {
  /** `blind` or `attended`. */
  readonly kind: "blind" | "attended";
  /** When it was reported (ms since the epoch). */
  readonly at: number;
  /** `Result`: `Success`, `Fail`, `Invalid`, `Not Permitted`. */
  readonly result: string;
  /** `IsExternal`: `Yes` when requested by AMI/ARI, `No` from a channel's feature. */
  readonly isExternal: boolean;
  /** The transferer: `TransfererUniqueid` (blind) or `OrigTransfererUniqueid` (attended). */
  readonly transferer: string | undefined;
  /** `TransfereeUniqueid`, when Asterisk names the transferee. */
  readonly transferee: string | undefined;
  /** Blind: `Context`/`Extension` of the target. Attended: the `TransferTargetUniqueid`. */
  readonly target: string | undefined;
  /** Attended only: `DestType` (`Bridge`, `App`, `Link`, `Threeway`, `Fail`). */
  readonly destinationType: string | undefined;
}

/** A call: every channel with the same `Linkedid`, with the bridges they are in. Immutable. */
export interface LiveCall {
  /** `Linkedid`: the key (the `Uniqueid` of the channel that started it). */
  readonly linkedid: string;
  /** The `Uniqueid`s of its channels still up, in the order they appeared. */
  readonly channels: readonly string[];
  /** The `BridgeUniqueid`s its channels are in now. */
  readonly bridges: readonly string[];
  /** When its first channel was created (ms since the epoch). */
  readonly startedAt: number;
  /** When one of its channels was first answered. */
  readonly answeredAt: number | undefined;
  /** When its last channel hung up (only seen with a retention for ended calls). */
  readonly endedAt: number | undefined;
  /** Transfers, oldest first. */
  readonly transfers: readonly LiveTransfer[];
}
