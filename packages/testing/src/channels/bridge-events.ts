import type { FieldList } from "../fields.ts";
import type { BridgeState } from "./bridge.ts";
import type { ChannelState } from "./channel.ts";

// Builders for the bridge events, header for header as Asterisk 22 sends them (bridge-two-party.jsonl):
// the bridge snapshot first, then (for BridgeEnter/BridgeLeave) the channel snapshot.

/** @internal `BridgeCreate`: the bridge snapshot (BridgeNumChannels 0 when a call makes it). */
export function bridgeCreate(bridge: BridgeState): FieldList {
  return [["Event", "BridgeCreate"], ["Privilege", "call,all"], ...bridge.snapshot()];
}

/** @internal `BridgeDestroy`: the bridge snapshot (BridgeNumChannels 0). */
export function bridgeDestroy(bridge: BridgeState): FieldList {
  return [["Event", "BridgeDestroy"], ["Privilege", "call,all"], ...bridge.snapshot()];
}

/** @internal `BridgeEnter` / `BridgeLeave`: the bridge snapshot after the change, then the channel's. */
export function bridgeMember(
  event: "BridgeEnter" | "BridgeLeave",
  bridge: BridgeState,
  channel: ChannelState,
  vars: readonly string[],
): FieldList {
  return [["Event", event], ["Privilege", "call,all"], ...bridge.snapshot(), ...channel.snapshot(vars)];
}
