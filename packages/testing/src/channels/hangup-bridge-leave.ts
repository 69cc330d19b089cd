import type { FieldList } from "../fields.ts";
import type { BridgeState } from "./bridge.ts";
import { bridgeDestroy, bridgeMember } from "./bridge-events.ts";
import type { ChannelState } from "./channel.ts";

/** @internal What {@link leaveBridgeOnHangup} needs of the fake. */
export interface HangupBridgeHost {
  readonly channels: {
    findBridge(uniqueid: string): BridgeState | undefined;
    removeBridge(bridge: BridgeState): void;
  };
  emitFields(fields: FieldList): unknown;
}

/**
 * @internal A channel about to hang up that is still in a bridge no flow has taken it out of (e.g. an
 * attended transferer whose consultation target hung up first) leaves it now, before its Hangup, as every
 * channel leaving a bridge does in Asterisk (BridgeLeave; main/bridge.c pulls a hung-up channel out). A
 * basic bridge it leaves empty goes with it (BridgeDestroy; basic bridges dissolve when empty). The order
 * against the other hang-up events is UNVERIFIED: no recording has such a leftover.
 */
export function leaveBridgeOnHangup(
  host: HangupBridgeHost,
  channel: ChannelState,
  vars: readonly string[],
): void {
  if (channel.bridgeId === "") return;
  const bridge = host.channels.findBridge(channel.bridgeId);
  channel.bridgeId = "";
  const index = bridge?.members.indexOf(channel) ?? -1;
  if (bridge === undefined || index < 0) return;
  bridge.members.splice(index, 1);
  host.emitFields(bridgeMember("BridgeLeave", bridge, channel, vars));
  if (bridge.type === "basic" && bridge.channelCount === 0) {
    host.channels.removeBridge(bridge);
    host.emitFields(bridgeDestroy(bridge));
  }
}
