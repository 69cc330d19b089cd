/** `DeviceStateChange` and `ExtensionStatus`: each carries the whole state of one device or hint. */
import type { AmiEvent } from "@amikit/client";
import type { LiveState } from "../model/state.ts";
import type { LiveDeviceState, LiveExtensionState } from "../model/states.ts";
import { integer, text, value } from "./fields.ts";
import { withCollection, withEntry, withoutEntry } from "./maps.ts";

/** The key of an extension state: `exten@context`. */
export function extensionKey(exten: string, context: string): string {
  return `${exten}@${context}`;
}

/**
 * Applies `DeviceStateChange`. Local channel devices (`Local/…`) and ConfBridge's announcer (`CBAnn/…`, an
 * unreal channel like Local) are left out: Asterisk reports their changes but never lists them in
 * `DeviceStateList` (their states are not cached, see FACTS.md), so a snapshot could never confirm them.
 */
export function reduceDevice(state: LiveState, event: AmiEvent): LiveState {
  const device = value(event.Device);
  if (device === "" || device.startsWith("Local/") || device.startsWith("CBAnn/")) return state;
  const previous = state.devices.get(device);
  const current = value(event.State);
  if (previous?.state === current) return state;
  const next: LiveDeviceState = { device, state: current };
  return withCollection(state, "devices", withEntry(state.devices, device, next));
}

/** Applies `ExtensionStatus`; a negative status (`-1` deactivated, `-2` removed) removes it. */
export function reduceExtension(state: LiveState, event: AmiEvent): LiveState {
  const exten = text(event, "Exten");
  const context = text(event, "Context");
  if (exten === "") return state;
  const key = extensionKey(exten, context);
  const status = integer(event, "Status");
  if (status < 0) return withCollection(state, "extensions", withoutEntry(state.extensions, key));
  const next: LiveExtensionState = {
    exten,
    context,
    hint: text(event, "Hint"),
    status,
    statusText: text(event, "StatusText"),
  };
  const previous = state.extensions.get(key);
  if (
    previous !== undefined &&
    previous.hint === next.hint &&
    previous.status === next.status &&
    previous.statusText === next.statusText
  ) {
    return state;
  }
  return withCollection(state, "extensions", withEntry(state.extensions, key, next));
}
