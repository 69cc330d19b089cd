import type { BridgeState } from "../channels/bridge.ts";
import type { ChannelState } from "../channels/channel.ts";
import type { FieldList } from "../fields.ts";

/** A bridge snapshot with every header prefixed (`To`, `From`, `Orig`, `Second`, `Dest`). */
function prefixedBridge(bridge: BridgeState, prefix: string, count = bridge.channelCount): FieldList {
  return bridge.snapshot(count).map(([name, value]) => [`${prefix}${name}`, value]);
}

/**
 * @internal `BridgeMerge` (main/manager_bridges.c `bridge_merge_cb`, as recorded in attended-transfer.jsonl):
 * the bridge merged into (`To…`) and the one merged from (`From…`), each as it was before the merge.
 */
export function bridgeMerge(to: BridgeState, from: BridgeState): FieldList {
  return [
    ["Event", "BridgeMerge"],
    ["Privilege", "call,all"],
    ...prefixedBridge(to, "To"),
    ...prefixedBridge(from, "From"),
  ];
}

/** @internal The parties of a completed attended transfer whose two bridges were merged. */
export interface AttendedTransferParties {
  readonly transferer: ChannelState;
  readonly originalBridge: BridgeState;
  readonly secondBridge: BridgeState;
  readonly transferee: ChannelState;
  readonly target: ChannelState;
}

/**
 * @internal `AttendedTransfer` (main/stasis_bridges.c `attended_transfer_to_ami`, as recorded): Result, the
 * transferer and bridge of each leg (`Orig…`, `Second…`), the transferee and the transfer target, IsExternal,
 * then the destination — here always `DestType: Bridge` (the bridges were merged) with its Uniqueid.
 */
export function attendedTransferEvent(parties: AttendedTransferParties, vars: readonly string[]): FieldList {
  const { transferer, originalBridge, secondBridge, transferee, target } = parties;
  return [
    ["Event", "AttendedTransfer"],
    ["Privilege", "call,all"],
    ["Result", "Success"],
    ...transferer.snapshot(vars, "OrigTransferer"),
    ...prefixedBridge(originalBridge, "Orig"),
    ...transferer.snapshot(vars, "SecondTransferer"),
    ...prefixedBridge(secondBridge, "Second"),
    ...transferee.snapshot(vars, "Transferee"),
    ...target.snapshot(vars, "TransferTarget"),
    ["IsExternal", "No"],
    ["DestType", "Bridge"],
    ["DestBridgeUniqueid", originalBridge.uniqueid],
  ];
}
