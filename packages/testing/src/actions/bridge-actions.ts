import type { FieldList } from "../fields.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";

// BridgeList and BridgeInfo as main/manager_bridges.c answers them (manager_bridges_list,
// manager_bridge_info): both registered with authority 0, so any logged-in user may send them.

/**
 * BridgeList: one BridgeListItem per bridge. `BridgeType` filters, but Asterisk compares it with the
 * bridge's *technology* (`strcmp(type_filter, snapshot->technology)`): `BridgeType: basic` lists nothing,
 * `BridgeType: simple_bridge` lists the two-party bridges (recorded in bridge-two-party.jsonl).
 */
export function bridgeList(request: ActionRequest, server: ServerCore): void {
  const filter = request.nonEmpty("BridgeType");
  const bridges = server.channels
    .bridges()
    .filter((bridge) => filter === undefined || bridge.technology === filter);
  request.list(
    bridges.map((bridge): FieldList => [["Event", "BridgeListItem"], ...bridge.snapshot()]),
    { message: "Bridge listing will follow", complete: "BridgeListComplete" },
  );
}

/**
 * BridgeInfo: one BridgeInfoChannel (the channel snapshot) per member, then BridgeInfoComplete carrying
 * the bridge snapshot after `ListItems`. Members come in the order of the snapshot's channel container,
 * a string container kept sorted (`ast_str_container_alloc`): by Uniqueid.
 */
export function bridgeInfo(request: ActionRequest, server: ServerCore): void {
  const uniqueid = request.nonEmpty("BridgeUniqueid");
  if (uniqueid === undefined) {
    request.error("BridgeUniqueid must be provided");
    return;
  }
  const bridge = server.channels.findBridge(uniqueid);
  if (bridge === undefined) {
    request.error("Specified BridgeUniqueid not found");
    return;
  }
  const vars = server.options.channelvars;
  const members = [...bridge.members].sort((a, b) =>
    a.uniqueid < b.uniqueid ? -1 : a.uniqueid > b.uniqueid ? 1 : 0,
  );
  request.list(
    members.map((channel): FieldList => [["Event", "BridgeInfoChannel"], ...channel.snapshot(vars)]),
    {
      message: "Bridge channel listing will follow",
      complete: "BridgeInfoComplete",
      completeFields: bridge.snapshot(),
    },
  );
}
