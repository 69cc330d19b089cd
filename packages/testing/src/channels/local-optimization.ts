import type { FieldList } from "../fields.ts";
import type { ServerCore } from "../server-core.ts";
import type { BridgeState } from "./bridge.ts";
import { bridgeDestroy, bridgeMember } from "./bridge-events.ts";
import type { ChannelState } from "./channel.ts";
import { deviceStateChange, hangup, hangupRequest, softHangupRequest, varSet } from "./channel-events.ts";
import type { BridgedDial, LocalDialler } from "./local-dial.ts";

/** @internal What optimising a Local call away needs from it. */
export interface OptimisedCall {
  readonly one: ChannelState;
  readonly two: ChannelState;
  /** The Dial that made this call (its ;1 is in that Dial's bridge with the dialling channel). */
  readonly dialler: LocalDialler;
  /** This call's ;2 Dial, bridged with its peer. */
  readonly dial: BridgedDial;
}

function localPair(event: string, one: ChannelState, two: ChannelState, vars: readonly string[]): FieldList {
  return [
    ["Event", event],
    ["Privilege", "call,all"],
    ...one.snapshot(vars, "LocalOne"),
    ...two.snapshot(vars, "LocalTwo"),
  ];
}

function move(
  emit: (fields: FieldList) => void,
  vars: readonly string[],
  bridge: BridgeState,
  channel: ChannelState,
  event: "BridgeEnter" | "BridgeLeave",
  swap?: ChannelState,
): void {
  if (event === "BridgeLeave") {
    bridge.members.splice(bridge.members.indexOf(channel), 1);
    channel.bridgeId = "";
  } else {
    bridge.members.push(channel);
    channel.bridgeId = bridge.uniqueid;
  }
  const fields = bridgeMember(event, bridge, channel, vars);
  if (swap !== undefined) fields.push(["SwapUniqueid", swap.uniqueid]);
  emit(fields);
}

/**
 * @internal Optimises a Local call away (core_local's optimisation, as local-optimization.jsonl records it):
 * once its ;1 is bridged with the dialling channel and its ;2 with the channel it dialled, that channel
 * (the source) takes ;1's place in the first bridge (BridgeEnter with SwapUniqueid), both halves hang up, and
 * the source's call belongs to the first Dial from then on. `Id` counts optimisations from 0.
 */
export function optimiseAway(server: ServerCore, call: OptimisedCall, id: number): void {
  const vars = server.options.channelvars;
  const emit = (fields: FieldList) => server.emitFields(fields);
  const setVar = (channel: ChannelState, name: string, value: string) => {
    channel.variables.set(name, value);
    emit(varSet(channel, vars, name, value));
  };
  const { one, two, dialler, dial } = call;
  const outer = server.channels.findBridge(one.bridgeId);
  if (outer === undefined) return;
  const source = dial.peerOne;
  const partner = dialler.caller;
  emit([
    ...localPair("LocalOptimizationBegin", one, two, vars),
    ...source.snapshot(vars, "Source"),
    ["DestUniqueId", two.uniqueid],
    ["Id", String(id)],
  ]);
  move(emit, vars, dial.bridge, source, "BridgeLeave");
  setVar(one, "BRIDGEPEER", "");
  move(emit, vars, outer, one, "BridgeLeave");
  move(emit, vars, outer, source, "BridgeEnter", one);
  setVar(partner, "BRIDGEPEER", source.name);
  setVar(source, "BRIDGEPEER", partner.name);
  setVar(two, "BRIDGEPEER", "");
  // Recorded with `Success: No` although the swap happened.
  emit([...localPair("LocalOptimizationEnd", one, two, vars), ["Success", "No"], ["Id", String(id)]]);
  emit(hangupRequest(two, vars, 16));
  move(emit, vars, dial.bridge, two, "BridgeLeave");
  const now = Date.now();
  setVar(two, "ANSWEREDTIME", String(Math.floor((now - dial.answeredAt) / 1000)));
  setVar(two, "ANSWEREDTIME_MS", String(now - dial.answeredAt));
  setVar(two, "DIALEDTIME", String(Math.floor((now - dial.dialledAt) / 1000)));
  setVar(two, "DIALEDTIME_MS", String(now - dial.dialledAt));
  emit(hangup(one, vars, 16));
  server.channels.removeBridge(dial.bridge);
  emit(bridgeDestroy(dial.bridge));
  setVar(two, "DIALSTATUS", "ANSWER");
  emit(softHangupRequest(two, vars, 16));
  emit(hangup(two, vars, 16));
  server.channels.remove(one);
  server.channels.remove(two);
  const state = server.channels.list().some((channel) => channel.device === one.device)
    ? "INUSE"
    : "NOT_INUSE";
  emit(deviceStateChange(one.device, state));
  emit(deviceStateChange(one.device, state));
  dialler.adopt(dial.peerCall);
  dial.peerCall.handOver(dialler);
}
