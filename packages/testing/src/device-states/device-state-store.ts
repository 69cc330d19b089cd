import type { FieldList } from "../fields.ts";
import {
  aggregateDeviceStates,
  type DeviceStateName,
  extensionStateOf,
  extensionStateText,
  type PresenceValue,
  parseDeviceState,
} from "./state-tables.ts";

/** @internal One hint of the dialplan (`exten => lamp,hint,Custom:lamp1&Custom:lamp2,CustomPresence:desk`). */
export interface FakeHint {
  readonly context: string;
  readonly exten: string;
  /** The hint as written: devices joined by `&`, then optionally `,` and a presence provider. */
  readonly hint: string;
  readonly devices: readonly string[];
  readonly presence: string | undefined;
}

interface HintWatch {
  readonly hint: FakeHint;
  lastState: number;
  lastPresence: PresenceValue;
}

const NOT_SET: PresenceValue = { status: "not_set", subtype: "", message: "" };

/**
 * Devices whose state Asterisk keeps out of its cache, so DeviceStateList does not show them: Local
 * channels (core_local sets AST_FLAG_DISABLE_DEVSTATE_CACHE; recorded: device-state.jsonl lists no
 * `Local/…` after a Local call) and ConfBridge's announcer (UNVERIFIED, same unreal channel driver).
 */
function cached(device: string): boolean {
  return !device.startsWith("Local/") && !device.startsWith("CBAnn/");
}

/**
 * @internal The fake's device, extension (hint) and presence states: the cache DeviceStateList shows,
 * the hints ExtensionState(List) answers for, and the ExtensionStatus / PresenceStatus events a change
 * of a hint's devices or presence provider raises (main/pbx.c `manager_state_cb`).
 */
export class DeviceStateStore {
  readonly #emit: (fields: FieldList) => void;
  /** Every device state seen, cached or not. */
  readonly #states = new Map<string, DeviceStateName>();
  /** The cached ones, in the order they first appeared (DeviceStateList's order). */
  readonly #cache = new Map<string, DeviceStateName>();
  readonly #presences = new Map<string, PresenceValue>();
  readonly #hints: HintWatch[] = [];

  constructor(
    emit: (fields: FieldList) => void,
    hints: Readonly<Record<string, Readonly<Record<string, string>>>>,
    initialDevices: Readonly<Record<string, string>>,
    initialPresences: Readonly<Record<string, string>>,
  ) {
    this.#emit = emit;
    for (const [device, state] of Object.entries(initialDevices))
      this.#record(device, parseDeviceState(state));
    for (const [provider, value] of Object.entries(initialPresences))
      this.#presences.set(provider, parsePresence(value));
    for (const [context, extens] of Object.entries(hints)) {
      for (const [exten, text] of Object.entries(extens)) {
        const hint = parseHint(context, exten, text);
        this.#hints.push({
          hint,
          lastState: this.#hintState(hint),
          lastPresence: this.presence(hint.presence ?? ""),
        });
      }
    }
  }

  /** A device's state: what was last published for it, else UNKNOWN. */
  deviceState(device: string): DeviceStateName {
    return this.#states.get(device) ?? "UNKNOWN";
  }

  /** The cached device states, in DeviceStateList's order. */
  cachedDevices(): [device: string, state: DeviceStateName][] {
    return [...this.#cache];
  }

  /** A provider's presence; `not_set` for one never set. */
  presence(provider: string): PresenceValue {
    return this.#presences.get(provider) ?? NOT_SET;
  }

  /** The presences ever set, in the order they were first set. */
  presences(): [provider: string, value: PresenceValue][] {
    return [...this.#presences];
  }

  /** The hints, in configuration order. */
  hints(): FakeHint[] {
    return this.#hints.map((watch) => watch.hint);
  }

  /** The hint of an extension, if it has one. */
  hint(context: string, exten: string): FakeHint | undefined {
    return this.#hints.find((watch) => watch.hint.context === context && watch.hint.exten === exten)?.hint;
  }

  /** An extension's state number: -1 without a hint. */
  extensionState(context: string, exten: string): number {
    const hint = this.hint(context, exten);
    return hint === undefined ? -1 : this.#hintState(hint);
  }

  /** Whether a variable name is DEVICE_STATE(...) or PRESENCE_STATE(...), which this store answers. */
  isFunction(name: string): boolean {
    return /^(DEVICE_STATE|PRESENCE_STATE)\(.*\)$/i.test(name.trim());
  }

  /**
   * Writes `DEVICE_STATE(Custom:x)` or `PRESENCE_STATE(provider)` (func_devstate.c, func_presencestate.c).
   * Returns false when `name` is neither function. Writing DEVICE_STATE of anything but `Custom:` changes
   * nothing (Asterisk refuses it with a warning), nor does PRESENCE_STATE of anything but `CustomPresence:`.
   */
  writeFunction(name: string, value: string): boolean {
    const call = /^(DEVICE_STATE|PRESENCE_STATE)\((.*)\)$/i.exec(name.trim());
    if (call === null) return false;
    const argument = (call[2] as string).trim();
    if ((call[1] as string).toUpperCase() === "DEVICE_STATE") {
      if (/^Custom:./i.test(argument)) this.#emit(deviceStateChangeEvent(argument, parseDeviceState(value)));
      return true;
    }
    if (/^CustomPresence:./i.test(argument)) this.#setPresence(argument, parsePresence(value));
    return true;
  }

  /** Reads `DEVICE_STATE(device)` or `PRESENCE_STATE(provider,field)`; undefined for any other name. */
  readFunction(name: string): string | undefined {
    const call = /^(DEVICE_STATE|PRESENCE_STATE)\((.*)\)$/i.exec(name.trim());
    if (call === null) return undefined;
    const [argument = "", field = "value"] = (call[2] as string).split(",").map((part) => part.trim());
    if ((call[1] as string).toUpperCase() === "DEVICE_STATE") return this.deviceState(argument);
    const presence = this.presence(argument);
    if (field === "subtype") return presence.subtype;
    if (field === "message") return presence.message;
    return presence.status;
  }

  /**
   * Sees every event the fake raises: a DeviceStateChange (not a list item) records the device's state and
   * raises an ExtensionStatus for every hint whose state that changes, after it.
   */
  observe(fields: FieldList): void {
    if (fields[0]?.[1] !== "DeviceStateChange" || fields.some(([name]) => name === "ActionID")) return;
    const device = fields.find(([name]) => name === "Device")?.[1];
    const state = fields.find(([name]) => name === "State")?.[1];
    if (device === undefined || state === undefined) return;
    this.#record(String(device), parseDeviceState(String(state)));
    for (const watch of this.#hints) {
      if (!watch.hint.devices.includes(String(device))) continue;
      const now = this.#hintState(watch.hint);
      if (now === watch.lastState) continue;
      watch.lastState = now;
      this.#emit(extensionStatusEvent(watch.hint, now));
    }
  }

  #record(device: string, state: DeviceStateName): void {
    this.#states.set(device, state);
    if (cached(device)) this.#cache.set(device, state);
  }

  #setPresence(provider: string, value: PresenceValue): void {
    this.#presences.set(provider, value);
    this.#emit([
      ["Event", "PresenceStateChange"],
      ["Privilege", "call,all"],
      ...presenceFields(provider, value),
    ]);
    for (const watch of this.#hints) {
      if (watch.hint.presence !== provider || samePresence(watch.lastPresence, value)) continue;
      watch.lastPresence = value;
      this.#emit([
        ["Event", "PresenceStatus"],
        ["Privilege", "call,all"],
        ["Exten", watch.hint.exten],
        ["Context", watch.hint.context],
        ["Hint", watch.hint.hint],
        ["Status", value.status],
        ["Subtype", value.subtype],
        ["Message", value.message],
      ]);
    }
  }

  #hintState(hint: FakeHint): number {
    return extensionStateOf(aggregateDeviceStates(hint.devices.map((device) => this.deviceState(device))));
  }
}

/** @internal Splits a hint into its devices and presence provider. */
export function parseHint(context: string, exten: string, hint: string): FakeHint {
  const comma = hint.indexOf(",");
  const devices = (comma < 0 ? hint : hint.slice(0, comma)).split("&").map((device) => device.trim());
  const presence = comma < 0 ? undefined : hint.slice(comma + 1).trim() || undefined;
  return { context, exten, hint, devices: devices.filter((device) => device.length > 0), presence };
}

/** @internal `state,subtype,message` as PRESENCE_STATE(...)= takes it (the `e` option is not modelled). */
export function parsePresence(value: string): PresenceValue {
  const [status = "", subtype = "", ...message] = value.split(",");
  return { status: status.trim().toLowerCase(), subtype, message: message.join(",") };
}

function samePresence(a: PresenceValue, b: PresenceValue): boolean {
  return a.status === b.status && a.subtype === b.subtype && a.message === b.message;
}

/** @internal Presentity, Status, Subtype, Message (PresenceStateChange, and PresenceStateList's items). */
export function presenceFields(provider: string, value: PresenceValue): FieldList {
  return [
    ["Presentity", provider],
    ["Status", value.status],
    ["Subtype", value.subtype],
    ["Message", value.message],
  ];
}

/** @internal Exten, Context, Hint, Status, StatusText (ExtensionStatus, ExtensionState's answer). */
export function extensionFields(context: string, exten: string, hint: string, state: number): FieldList {
  return [
    ["Exten", exten],
    ["Context", context],
    ["Hint", hint],
    ["Status", String(state)],
    ["StatusText", extensionStateText(state)],
  ];
}

function extensionStatusEvent(hint: FakeHint, state: number): FieldList {
  return [
    ["Event", "ExtensionStatus"],
    ["Privilege", "call,all"],
    ...extensionFields(hint.context, hint.exten, hint.hint, state),
  ];
}

function deviceStateChangeEvent(device: string, state: DeviceStateName): FieldList {
  return [
    ["Event", "DeviceStateChange"],
    ["Privilege", "call,all"],
    ["Device", device],
    ["State", state],
  ];
}
