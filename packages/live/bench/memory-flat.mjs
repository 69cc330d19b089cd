// Memory of the live state over a million simulated calls with the default retention 0: a stand-in
// client streams each call's events (two channels answered, bridged, left, hung up; ten calls overlap)
// into trackPbx with a changes$ subscriber; the heap after a full GC is sampled as the calls go by. Flat
// means: the state ends with only the calls still up, and the heap grows by less than `LIMIT_MB` from the
// first sample (taken once the process has warmed up) to the last.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { trackPbx } from "@amikit/live";
import { standInClient } from "./bench-support.mjs";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
const LIMIT_MB = 5;
const OVERLAP = 10;

const channel = (event, call, leg, state, extra = {}) => ({
  Event: event,
  Channel: `PJSIP/${leg === 1 ? "alice" : "bob"}-${call.toString(16).padStart(8, "0")}`,
  ChannelState: state === "Up" ? "6" : "4",
  ChannelStateDesc: state,
  CallerIDNum: "1001",
  CallerIDName: "Alice",
  ConnectedLineNum: "1002",
  ConnectedLineName: "Bob",
  Language: "en",
  AccountCode: "",
  Context: "default",
  Exten: "1002",
  Priority: "1",
  Uniqueid: `1700000000.${call * 2 + leg - 1}`,
  Linkedid: `1700000000.${call * 2}`,
  ...extra,
});
const bridge = (event, call) => ({
  BridgeUniqueid: `bridge-${call}`,
  BridgeType: "basic",
  BridgeTechnology: "simple_bridge",
  BridgeCreator: "<unknown>",
  BridgeName: "<unknown>",
  BridgeNumChannels: "0",
  Event: event,
});

/** The first half of a call (it rings, answers and is bridged) and the second (it ends). */
function start(call) {
  return [
    channel("Newchannel", call, 1, "Ring"),
    channel("Newchannel", call, 2, "Down"),
    channel("DialBegin", call, 1, "Ring", { DestUniqueid: `1700000000.${call * 2 + 1}` }),
    channel("Newstate", call, 2, "Up"),
    channel("Newstate", call, 1, "Up"),
    bridge("BridgeCreate", call),
    { ...bridge("BridgeEnter", call), ...channel("BridgeEnter", call, 1, "Up") },
    { ...bridge("BridgeEnter", call), ...channel("BridgeEnter", call, 2, "Up") },
  ];
}
function end(call) {
  return [
    { ...bridge("BridgeLeave", call), ...channel("BridgeLeave", call, 1, "Up") },
    { ...bridge("BridgeLeave", call), ...channel("BridgeLeave", call, 2, "Up") },
    bridge("BridgeDestroy", call),
    channel("Hangup", call, 1, "Up", { Cause: "16" }),
    channel("Hangup", call, 2, "Up", { Cause: "16" }),
  ];
}

/** Streams `calls` calls through the live state; returns the heap samples and the end state's sizes. */
export async function measureMemory(calls) {
  const { client, events$ } = standInClient();
  const pbx = trackPbx(client);
  let changes = 0;
  pbx.changes$.subscribe(() => changes++);
  await pbx.ready;
  const samples = [];
  const every = Math.max(1, Math.floor(calls / 10));
  const heapMb = () => {
    gc();
    return process.memoryUsage().heapUsed / 1048576;
  };
  for (let call = 0; call < calls; call++) {
    for (const event of start(call)) events$.next(event);
    if (call >= OVERLAP) for (const event of end(call - OVERLAP)) events$.next(event);
    if (call % 100 === 99) await new Promise((resolve) => setImmediate(resolve)); // the live state's batches
    if ((call + 1) % every === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      samples.push({ calls: call + 1, heapMb: heapMb() });
    }
  }
  await new Promise((resolve) => setImmediate(resolve));
  const state = pbx.snapshot();
  const sizes = { calls: state.calls.size, channels: state.channels.size, bridges: state.bridges.size };
  pbx.close();
  const first = samples[0]?.heapMb ?? 0;
  const last = samples[samples.length - 1]?.heapMb ?? 0;
  const flat = last - first < LIMIT_MB && sizes.calls === OVERLAP && sizes.channels === 2 * OVERLAP;
  return { samples, sizes, changes, growthMb: last - first, flat, limitMb: LIMIT_MB, overlap: OVERLAP };
}
