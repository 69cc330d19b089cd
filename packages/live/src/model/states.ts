/** Device and extension (hint) states. */

/** A device's state (`DeviceStateChange`), keyed by `Device`. */
export interface LiveDeviceState {
  /** `Device`, e.g. `PJSIP/alice`, `Custom:lamp1`, `Queue:support_avail`. */
  readonly device: string;
  /** `State`: `NOT_INUSE`, `INUSE`, `BUSY`, `RINGING`, `ONHOLD`, `UNAVAILABLE`… */
  readonly state: string;
}

/** An extension's hint state (`ExtensionStatus`), keyed by `exten@context`. */
export interface LiveExtensionState {
  /** `Exten`. */
  readonly exten: string;
  /** `Context`. */
  readonly context: string;
  /** `Hint`. */
  readonly hint: string;
  /** `Status`: the numeric state (0 idle, 1 in use, 2 busy, 4 unavailable, 8 ringing, 16 on hold, -1 removed). */
  readonly status: number;
  /** `StatusText`: `Idle`, `InUse`, `Busy`, `Ringing`, `Hold`… */
  readonly statusText: string;
}
