/** Calls are derived from channels: a channel joins the call of its `Linkedid` and leaves it at hangup. */
import type { LiveCall, LiveTransfer } from "../model/call.ts";
import type { LiveState } from "../model/state.ts";
import { replaceEntry, withCollection, withItem, withoutEntry, withoutItem } from "./maps.ts";

/** Puts `uniqueid` into the call `linkedid`, creating the call (started at `at`) when new. */
export function attachToCall(state: LiveState, linkedid: string, uniqueid: string, at: number): LiveState {
  const call = state.calls.get(linkedid);
  if (call === undefined) {
    const created: LiveCall = {
      linkedid,
      channels: [uniqueid],
      bridges: [],
      startedAt: at,
      answeredAt: undefined,
      endedAt: undefined,
      transfers: [],
    };
    return withCollection(state, "calls", replaceEntry(state.calls, linkedid, undefined, created));
  }
  const channels = withItem(call.channels, uniqueid);
  if (channels === call.channels && call.endedAt === undefined) return state;
  return withCollection(
    state,
    "calls",
    replaceEntry(state.calls, linkedid, call, { ...call, channels, endedAt: undefined }),
  );
}

/**
 * Takes `uniqueid` out of the call `linkedid`. A call left without channels ends: it is removed, or
 * kept with `endedAt` when `keepEnded`.
 */
export function detachFromCall(
  state: LiveState,
  linkedid: string,
  uniqueid: string,
  at: number,
  keepEnded: boolean,
): LiveState {
  const call = state.calls.get(linkedid);
  if (call === undefined) return state;
  const channels = withoutItem(call.channels, uniqueid);
  if (channels === call.channels) return state;
  if (channels.length > 0) {
    return withCollection(state, "calls", replaceEntry(state.calls, linkedid, call, { ...call, channels }));
  }
  if (!keepEnded) return withCollection(state, "calls", withoutEntry(state.calls, linkedid));
  return withCollection(
    state,
    "calls",
    replaceEntry(state.calls, linkedid, call, { ...call, channels, bridges: [], endedAt: at }),
  );
}

/** Recomputes the `bridges` of the call `linkedid` from its channels' bridges. */
export function refreshCallBridges(state: LiveState, linkedid: string): LiveState {
  const call = state.calls.get(linkedid);
  if (call === undefined || sameBridges(state, call)) return state;
  const bridges: string[] = [];
  for (const uniqueid of call.channels) {
    const bridge = state.channels.get(uniqueid)?.bridge;
    if (bridge !== undefined && !bridges.includes(bridge)) bridges.push(bridge);
  }
  if (bridges.length === call.bridges.length && bridges.every((bridge, i) => call.bridges[i] === bridge)) {
    return state;
  }
  return withCollection(state, "calls", replaceEntry(state.calls, linkedid, call, { ...call, bridges }));
}

/** Marks the call `linkedid` answered at `at`, unless it already was. */
export function answerCall(state: LiveState, linkedid: string, at: number): LiveState {
  const call = state.calls.get(linkedid);
  if (call === undefined || call.answeredAt !== undefined) return state;
  return withCollection(
    state,
    "calls",
    replaceEntry(state.calls, linkedid, call, { ...call, answeredAt: at }),
  );
}

/** Appends a transfer to the call `linkedid`, unless its last transfer is the same report. */
export function addTransfer(state: LiveState, linkedid: string, transfer: LiveTransfer): LiveState {
  const call = state.calls.get(linkedid);
  if (call === undefined) return state;
  const last = call.transfers[call.transfers.length - 1];
  if (last !== undefined && sameTransfer(last, transfer)) return state;
  return withCollection(
    state,
    "calls",
    replaceEntry(state.calls, linkedid, call, { ...call, transfers: [...call.transfers, transfer] }),
  );
}

function sameTransfer(a: LiveTransfer, b: LiveTransfer): boolean {
  return (
    a.kind === b.kind &&
    a.result === b.result &&
    a.transferer === b.transferer &&
    a.transferee === b.transferee &&
    a.target === b.target &&
    a.destinationType === b.destinationType
  );
}

/** Whether the bridges of `call`'s channels, in order and without repeats, are `call.bridges` (no allocation). */
function sameBridges(state: LiveState, call: LiveCall): boolean {
  let found = 0;
  const channels = call.channels;
  for (let i = 0; i < channels.length; i++) {
    const bridge = state.channels.get(channels[i] as string)?.bridge;
    if (bridge === undefined) continue;
    let repeated = false;
    for (let j = 0; j < i && !repeated; j++) {
      repeated = state.channels.get(channels[j] as string)?.bridge === bridge;
    }
    if (repeated) continue;
    if (call.bridges[found] !== bridge) return false;
    found++;
  }
  return found === call.bridges.length;
}
