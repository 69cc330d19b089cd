/**
 * Bridge events: `BridgeCreate` adds (nothing else does), `BridgeEnter`/`BridgeLeave` change the members (and the member
 * channel's `bridge`), `BridgeDestroy` removes. `BridgeMerge` changes nothing by itself: Asterisk reports
 * every channel it moves with its own `BridgeLeave` and `BridgeEnter` (see FACTS.md).
 */
import type { AmiEvent } from "@amikit/client";
import type { LiveBridge } from "../model/bridge.ts";
import type { LiveState } from "../model/state.ts";
import { refreshCallBridges } from "./calls.ts";
import { patch } from "./channels.ts";
import { text } from "./fields.ts";
import { withCollection, withEntry, withItem, withoutEntry, withoutItem } from "./maps.ts";

/** Applies `BridgeCreate`, `BridgeEnter`, `BridgeLeave` or `BridgeDestroy`. */
export function reduceBridge(state: LiveState, event: AmiEvent, name = text(event, "Event")): LiveState {
  const uniqueid = text(event, "BridgeUniqueid");
  if (uniqueid === "") return state;
  switch (name) {
    case "BridgeCreate":
      return withCollection(
        state,
        "bridges",
        withEntry(state.bridges, uniqueid, bridgeFrom(event, state.bridges.get(uniqueid))),
      );
    case "BridgeEnter":
      return enter(state, event, uniqueid, text(event, "Uniqueid"));
    case "BridgeLeave":
      return leave(state, uniqueid, text(event, "Uniqueid"));
    case "BridgeDestroy":
      return destroy(state, uniqueid);
    default:
      return state;
  }
}

/** The bridge as the event's `Bridge*` headers describe it, keeping `previous`'s members (and identity when unchanged). */
export function bridgeFrom(event: AmiEvent, previous: LiveBridge | undefined, prefix = ""): LiveBridge {
  const candidate: LiveBridge = {
    uniqueid: text(event, `${prefix}BridgeUniqueid`),
    type: text(event, `${prefix}BridgeType`),
    technology: text(event, `${prefix}BridgeTechnology`),
    name: text(event, `${prefix}BridgeName`),
    creator: text(event, `${prefix}BridgeCreator`),
    members: previous?.members ?? [],
  };
  if (
    previous !== undefined &&
    previous.type === candidate.type &&
    previous.technology === candidate.technology &&
    previous.name === candidate.name &&
    previous.creator === candidate.creator
  ) {
    return previous;
  }
  return candidate;
}

function enter(state: LiveState, event: AmiEvent, bridgeId: string, uniqueid: string): LiveState {
  const known = state.bridges.get(bridgeId);
  if (known === undefined) return state;
  const bridge = bridgeFrom(event, known);
  const members = withItem(bridge.members, uniqueid);
  let next: LiveState = withCollection(
    state,
    "bridges",
    withEntry(state.bridges, bridgeId, members === bridge.members ? bridge : { ...bridge, members }),
  );
  next = patch(next, uniqueid, { bridge: bridgeId });
  const linkedid = next.channels.get(uniqueid)?.linkedid;
  return linkedid === undefined ? next : refreshCallBridges(next, linkedid);
}

function leave(state: LiveState, bridgeId: string, uniqueid: string): LiveState {
  let next = state;
  const bridge = state.bridges.get(bridgeId);
  if (bridge !== undefined) {
    const members = withoutItem(bridge.members, uniqueid);
    if (members !== bridge.members)
      next = withCollection(next, "bridges", withEntry(next.bridges, bridgeId, { ...bridge, members }));
  }
  const channel = next.channels.get(uniqueid);
  if (channel === undefined || channel.bridge !== bridgeId) return next;
  next = patch(next, uniqueid, { bridge: undefined });
  return refreshCallBridges(next, channel.linkedid);
}

function destroy(state: LiveState, bridgeId: string): LiveState {
  const bridge = state.bridges.get(bridgeId);
  if (bridge === undefined) return state;
  let next: LiveState = withCollection(state, "bridges", withoutEntry(state.bridges, bridgeId));
  for (const uniqueid of bridge.members) next = leave(next, bridgeId, uniqueid);
  return next;
}
