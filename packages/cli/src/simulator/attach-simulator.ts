import type { FakeActionRequest, FakeAsterisk, FakeFields } from "@amikit/testing";
import { type CallSimulator, type CallSimulatorOptions, createCallSimulator } from "./call-simulator.ts";
import type { SimulatedChannel } from "./channel-model.ts";
import { channelDuration, coreShowChannelsConcise, coreShowChannelsOutput } from "./cli-output.ts";
import { channelSnapshot } from "./event-shapes.ts";

/** The part of a fake Asterisk the simulator drives: its public `emit` and `handle`. */
export type SimulatorHost = Pick<FakeAsterisk, "emit" | "handle">;

/**
 * CLI commands the simulator answers, to pass as the fake's `commands` option. They read the simulator
 * through a getter, because the fake is created before the simulator that emits into it.
 */
export function simulatorCommands(
  simulator: () => CallSimulator | undefined,
  now: () => number = Date.now,
): Record<string, (command: string) => readonly string[]> {
  const channels = () => simulator()?.channels() ?? [];
  const processed = () => simulator()?.stats.callsEnded ?? 0;
  return {
    "core show channels": () => coreShowChannelsOutput(channels(), processed()),
    "core show channels concise": () => coreShowChannelsConcise(channels(), now()),
    "core show calls": () => {
      const calls = new Set(channels().map((channel) => channel.linkedid)).size;
      return [`${calls} active call${calls === 1 ? "" : "s"}`, `${processed()} calls processed`];
    },
  };
}

/**
 * One item of the Status list, laid out as Asterisk 22 sends it: `Privilege: Call`, the snapshot, the
 * channel's technical details, and the ActionID last (not after `Event` as in most lists).
 */
function statusItem(channel: SimulatedChannel, now: number, actionId: string | undefined): FakeFields {
  const technology = channel.name.split("/")[0] ?? "";
  return {
    Event: "Status",
    Privilege: "Call",
    ...channelSnapshot(channel),
    Type: technology,
    DNID: "",
    EffectiveConnectedLineNum: channel.connectedLineNum,
    EffectiveConnectedLineName: channel.connectedLineName,
    TimeToHangup: "0",
    BridgeID: channel.bridgeId,
    Application: channel.application,
    Data: channel.applicationData,
    Nativeformats: "(ulaw)",
    Readformat: "ulaw",
    Readtrans: "",
    Writeformat: "ulaw",
    Writetrans: "",
    Callgroup: "0",
    Pickupgroup: "0",
    Seconds: String(Math.max(0, Math.floor((now - channel.createdAt) / 1000))),
    ActionID: actionId,
  };
}

/**
 * Creates a call simulator that emits through the fake's `emit()`, and answers, through `handle()`,
 * the actions that must agree with its traffic:
 * `CoreShowChannels` and `Status` (lists of the live channels), `Hangup` (hangs up the call of a live channel) and
 * `Originate` (places a simulated call; async answers `Originate successfully queued` and later sends
 * `OriginateResponse` with the action's ActionID).
 */
export function attachSimulator(
  fake: SimulatorHost,
  options: Omit<CallSimulatorOptions, "emit">,
): CallSimulator {
  const now = options.now ?? Date.now;
  const simulator = createCallSimulator({ ...options, emit: (event) => fake.emit(event) });
  fake.handle("CoreShowChannels", (request: FakeActionRequest) => {
    const time = now();
    request.list(
      simulator.channels().map((channel) => {
        const { Channel, ...snapshot } = channelSnapshot(channel);
        return {
          Event: "CoreShowChannel",
          Channel,
          ...snapshot,
          Application: channel.application,
          ApplicationData: channel.applicationData,
          Duration: channelDuration(channel, time),
          BridgeId: channel.bridgeId,
        };
      }),
      { message: "Channels will follow", complete: "CoreShowChannelsComplete" },
    );
    return undefined;
  });
  fake.handle("Status", (request: FakeActionRequest) => {
    const wanted = request.get("Channel");
    const channels =
      wanted === undefined || wanted === "" || wanted.toLowerCase() === "all"
        ? simulator.channels()
        : simulator.channels().filter((channel) => channel.name === wanted);
    if (wanted !== undefined && wanted !== "" && wanted.toLowerCase() !== "all" && channels.length === 0) {
      request.error("No such channel");
      return undefined;
    }
    const time = now();
    request.list(
      channels.map((channel) => statusItem(channel, time, request.actionId)),
      {
        message: "Channel status will follow",
        complete: "StatusComplete",
        completeFields: { Items: String(channels.length) },
      },
    );
    return undefined;
  });
  fake.handle("Hangup", (request: FakeActionRequest) => {
    const channel = request.get("Channel");
    if (channel === undefined || channel === "") request.error("No channel specified");
    else if (!simulator.hangup(channel)) request.error("No such channel");
    else request.success("Channel Hungup");
    return undefined;
  });
  fake.handle("Originate", (request: FakeActionRequest) => {
    const failure = simulator.originate({
      Channel: request.get("Channel"),
      Exten: request.get("Exten"),
      Context: request.get("Context"),
      Priority: request.get("Priority"),
      Application: request.get("Application"),
      Data: request.get("Data"),
      CallerID: request.get("CallerID"),
      ActionID: request.actionId,
    });
    if (request.get("Channel") === undefined) request.error("Channel not specified");
    else if (failure !== undefined) request.error("Originate failed");
    else request.success("Originate successfully queued");
    return undefined;
  });
  return simulator;
}
