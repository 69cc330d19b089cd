import type { FieldList } from "../fields.ts";
import type { ServerCore } from "../server-core.ts";
import type { ChannelState } from "./channel.ts";
import { holdEvent, unholdEvent, varSet } from "./channel-events.ts";

/** @internal A dynamic feature (features.conf `applicationmap`): its digits, application and hold class. */
interface DynamicFeature {
  readonly digits: string;
  readonly application: string;
  readonly data: string;
  /** Music on hold played to the peer while the application runs: Hold/Unhold on the activating channel. */
  readonly mohClass: string;
}

/**
 * @internal The applicationmap of the recordings' server: `holdwait => *7,self,Wait(2),default` (read off
 * hold.jsonl: `*7` activates it, the channel runs Wait(2) — CoreShowChannel shows `Wait`/`2` — between a
 * `Hold` with `MusicClass: default` and an `Unhold` two seconds later).
 */
const FEATURES: Readonly<Record<string, DynamicFeature>> = {
  holdwait: { digits: "*7", application: "Wait", data: "2", mohClass: "default" },
};

const buffers = new WeakMap<ChannelState, string>();

/** @internal `DTMFEnd`: the channel snapshot, Digit, DurationMs, Direction (hold.jsonl). */
export function dtmfEnd(
  channel: ChannelState,
  vars: readonly string[],
  digit: string,
  durationMs: number,
  direction: "Received" | "Sent",
): FieldList {
  return [
    ["Event", "DTMFEnd"],
    ["Privilege", "dtmf,all"],
    ...channel.snapshot(vars),
    ["Digit", digit],
    ["DurationMs", String(durationMs)],
    ["Direction", direction],
  ];
}

/**
 * @internal A digit the channel received: DTMFEnd, then — for a bridged channel whose DYNAMIC_FEATURES name
 * a feature whose digits it completes — the feature runs: VarSet DYNAMIC_FEATURENAME and
 * DYNAMIC_WHO_ACTIVATED, Hold, the application, Unhold (main/features.c, bridge_basic.c dynamic features).
 */
export function receiveDigit(
  server: ServerCore,
  channel: ChannelState,
  digit: string,
  durationMs: number,
): void {
  const vars = server.options.channelvars;
  server.emitFields(dtmfEnd(channel, vars, digit, durationMs, "Received"));
  if (channel.bridgeId === "") return;
  const enabled = (channel.variables.get("DYNAMIC_FEATURES") ?? "").split("#").filter((name) => name !== "");
  const typed = (buffers.get(channel) ?? "") + digit;
  const name = enabled.find(
    (feature) => FEATURES[feature] !== undefined && typed.endsWith(FEATURES[feature].digits),
  );
  const longest = Math.max(0, ...enabled.map((feature) => FEATURES[feature]?.digits.length ?? 0));
  buffers.set(channel, name === undefined ? typed.slice(-longest) : "");
  if (name !== undefined) void runFeature(server, channel, name, FEATURES[name] as DynamicFeature);
}

async function runFeature(server: ServerCore, channel: ChannelState, name: string, feature: DynamicFeature) {
  const vars = server.options.channelvars;
  const setVar = (variable: string, value: string) => {
    channel.variables.set(variable, value);
    server.emitFields(varSet(channel, vars, variable, value));
  };
  setVar("DYNAMIC_FEATURENAME", name);
  setVar("DYNAMIC_WHO_ACTIVATED", channel.name);
  const saved = [channel.application, channel.applicationData] as const;
  channel.onHold = true;
  server.emitFields(holdEvent(channel, vars, feature.mohClass));
  channel.application = feature.application;
  channel.applicationData = feature.data;
  if (feature.application.toLowerCase() === "wait")
    await server.channels.sleep(Number.parseFloat(feature.data) || 0);
  if (server.channels.find(channel.name)?.channel !== channel) return;
  [channel.application, channel.applicationData] = saved;
  channel.onHold = false;
  server.emitFields(unholdEvent(channel, vars));
}
