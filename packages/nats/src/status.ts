/**
 * The status messages a relay publishes on `ami.<server>.status`, stored in the same stream as the
 * server's events so that a consumer sees them in their place among the events.
 */

/** Why events may have been missed. */
export type RelayGapReason =
  /** The AMI connection was lost; events sent while it was down were never seen. */
  | "asterisk-reconnect"
  /** The relay's buffer (NATS unreachable) overflowed and events were dropped. */
  | "buffer-overflow"
  /** The relay was started while the stream already held messages: it was down (or crashed) meanwhile. */
  | "relay-restart";

/** The relay logged in to the server: events of `epoch` follow, numbered from 1. */
export interface RelayConnectedStatus {
  readonly status: "connected";
  /** The server's name. */
  readonly server: string;
  /** The new connection epoch. */
  readonly epoch: number;
}

/** The relay lost the AMI connection and is reconnecting. */
export interface RelayReconnectingStatus {
  readonly status: "reconnecting";
  readonly server: string;
  /** The epoch that ended. */
  readonly epoch: number;
  /** The last sequence number of that epoch (0 when it had no event). */
  readonly lastSequence: number;
  /** Why the connection ended, when known. */
  readonly error?: string;
}

/**
 * Events may have been missed after event `lastSequence` of `epoch`. For `buffer-overflow`, the
 * `dropped` events were numbered `lastSequence + 1 … lastSequence + dropped` and the stream goes on
 * with the next one in the same epoch.
 */
export interface RelayGapStatus {
  readonly status: "gap";
  readonly server: string;
  /** The epoch after whose `lastSequence` events may be missing. */
  readonly epoch: number;
  /** The last sequence number stored before the gap. */
  readonly lastSequence: number;
  /** Why. */
  readonly reason: RelayGapReason;
  /** Events known to be dropped (`buffer-overflow` only). */
  readonly dropped?: number;
}

/** The relay stopped relaying the server (a clean shutdown). */
export interface RelayStoppedStatus {
  readonly status: "stopped";
  readonly server: string;
  readonly epoch: number;
  readonly lastSequence: number;
}

/** One status message of a relayed server, as JSON on `ami.<server>.status`. */
export type RelayStatus =
  | RelayConnectedStatus
  | RelayReconnectingStatus
  | RelayGapStatus
  | RelayStoppedStatus;

const STATUSES: ReadonlySet<string> = new Set(["connected", "reconnecting", "gap", "stopped"]);

/** Parses a status payload; `undefined` when it is not one. @internal */
export function parseStatus(text: string): RelayStatus | undefined {
  try {
    const value = JSON.parse(text) as { status?: unknown; server?: unknown; epoch?: unknown };
    if (
      typeof value === "object" &&
      value !== null &&
      typeof value.status === "string" &&
      STATUSES.has(value.status) &&
      typeof value.server === "string" &&
      typeof value.epoch === "number"
    ) {
      return value as RelayStatus;
    }
  } catch {
    // not JSON: not a status
  }
  return undefined;
}
