// Device, extension and presence states as Asterisk 22 names and combines them (main/devicestate.c,
// main/pbx.c, main/presencestate.c). See FACTS.md, "Device, extension and presence states".

/** @internal Device state names (`devstate2str`), in the order of their numbers (AST_DEVICE_UNKNOWN = 0 …). */
export const DEVICE_STATES = [
  "UNKNOWN",
  "NOT_INUSE",
  "INUSE",
  "BUSY",
  "INVALID",
  "UNAVAILABLE",
  "RINGING",
  "RINGINUSE",
  "ONHOLD",
] as const;

/** @internal One device state name. */
export type DeviceStateName = (typeof DEVICE_STATES)[number];

/** @internal A state name as `ast_devstate_val` reads it (case-insensitive); anything else is UNKNOWN. */
export function parseDeviceState(text: string): DeviceStateName {
  const upper = text.trim().toUpperCase();
  return (DEVICE_STATES as readonly string[]).includes(upper) ? (upper as DeviceStateName) : "UNKNOWN";
}

/** `ast_devstate_aggregate_add`'s `state_order[]`: which state wins when a hint names several devices. */
const ORDER: Readonly<Record<DeviceStateName, number>> = {
  UNKNOWN: 1,
  NOT_INUSE: 3,
  INUSE: 6,
  BUSY: 7,
  INVALID: 0,
  UNAVAILABLE: 2,
  RINGING: 5,
  RINGINUSE: 8,
  ONHOLD: 4,
};

/** @internal The state of a hint's devices together (`ast_devstate_aggregate_add` / `_result`). */
export function aggregateDeviceStates(states: readonly DeviceStateName[]): DeviceStateName {
  let result: DeviceStateName = "INVALID";
  let ringing = false;
  let inUse = false;
  for (const state of states) {
    if (state === "RINGING") ringing = true;
    else if (state === "INUSE" || state === "ONHOLD" || state === "BUSY") inUse = true;
    if (ringing && inUse) result = "RINGINUSE";
    else if (ORDER[state] > ORDER[result]) result = state;
  }
  return result;
}

/** @internal An extension (hint) state number from the aggregated device state (`ast_devstate_to_extenstate`). */
export function extensionStateOf(state: DeviceStateName): number {
  switch (state) {
    case "ONHOLD":
      return 16;
    case "BUSY":
      return 2;
    case "UNAVAILABLE":
    case "INVALID":
      return 4;
    case "RINGINUSE":
      return 1 | 8;
    case "RINGING":
      return 8;
    case "INUSE":
      return 1;
    default:
      return 0;
  }
}

const EXTENSION_STATE_TEXTS: ReadonlyMap<number, string> = new Map([
  [-2, "Removed"],
  [0, "Idle"],
  [1, "InUse"],
  [2, "Busy"],
  [4, "Unavailable"],
  [8, "Ringing"],
  [9, "InUse&Ringing"],
  [16, "Hold"],
  [17, "InUse&Hold"],
]);

/** @internal `StatusText` of an extension state (`ast_extension_state2str`); -1 (no hint) is `Unknown`. */
export function extensionStateText(state: number): string {
  return EXTENSION_STATE_TEXTS.get(state) ?? "Unknown";
}

/** @internal Presence state names (`ast_presence_state2str`). */
export const PRESENCE_STATES = ["not_set", "unavailable", "available", "away", "xa", "chat", "dnd"] as const;

/** @internal One presence, as PRESENCE_STATE(...) sets it. */
export interface PresenceValue {
  readonly status: string;
  readonly subtype: string;
  readonly message: string;
}
