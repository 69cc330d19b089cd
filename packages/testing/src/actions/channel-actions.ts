import { formatDuration } from "../channels/channel.ts";
import { varSet } from "../channels/channel-events.ts";
import type { FieldList } from "../fields.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";
import { completeAttendedTransfer } from "../transfers/attended-transfer.ts";

/** Getvar: a channel variable (`Channel`) or a global one. */
export function getvar(request: ActionRequest, server: ServerCore): void {
  const variable = request.nonEmpty("Variable");
  if (variable === undefined) {
    request.error("No variable specified");
    return;
  }
  const channelName = request.nonEmpty("Channel");
  let value: string;
  if (channelName !== undefined) {
    const found = server.channels.find(channelName);
    if (found === undefined) {
      request.error("No such channel");
      return;
    }
    value = found.channel.variables.get(variable) ?? "";
  } else {
    value = server.deviceStates.readFunction(variable) ?? server.globals.get(variable) ?? "";
  }
  request.respondFields([
    ["Response", "Success"],
    ["Variable", variable],
    ["Value", value],
  ]);
}

/** Setvar: sets a channel variable (raising VarSet) or a global one. */
export function setvar(request: ActionRequest, server: ServerCore): void {
  const variable = request.nonEmpty("Variable");
  if (variable === undefined) {
    request.error("No variable specified");
    return;
  }
  const value = request.get("Value") ?? "";
  const channelName = request.nonEmpty("Channel");
  if (channelName === undefined && server.deviceStates.isFunction(variable)) {
    // Asterisk answers before the state change's events reach the session (recorded: device-state.jsonl).
    request.success("Variable Set");
    server.deviceStates.writeFunction(variable, value);
    return;
  }
  if (channelName !== undefined) {
    const found = server.channels.find(channelName);
    if (found === undefined) {
      request.error("No such channel");
      return;
    }
    found.channel.variables.set(variable, value);
    server.emitFields(varSet(found.channel, server.options.channelvars, variable, value));
  } else {
    server.globals.set(variable, value);
  }
  request.success("Variable Set");
}

/** Hangup: ends a simulated channel's call. */
export function hangupAction(request: ActionRequest, server: ServerCore): void {
  const channelName = request.nonEmpty("Channel");
  if (channelName === undefined) {
    request.error("No channel specified");
    return;
  }
  const found = server.channels.find(channelName);
  if (found === undefined) {
    request.error("No such channel");
    return;
  }
  const cause = Number.parseInt(request.get("Cause") ?? "", 10);
  request.success("Channel Hungup");
  // A transferer hung up during its consultation call completes the attended transfer; its Dial returns.
  if (completeAttendedTransfer(found.channel)) return;
  found.call.hangup(found.channel, Number.isFinite(cause) && cause > 0 ? cause : 16);
}

/** CoreShowChannels: one CoreShowChannel per live channel, newest first. */
export function coreShowChannels(request: ActionRequest, server: ServerCore): void {
  const vars = server.options.channelvars;
  const items = server.channels
    .list()
    .map(
      (channel): FieldList => [
        ["Event", "CoreShowChannel"],
        ...channel.snapshot(vars),
        ["Application", channel.application],
        ["ApplicationData", channel.applicationData],
        ["Duration", formatDuration(server.channels.ageSeconds(channel))],
        ["BridgeId", channel.bridgeId],
      ],
    );
  request.list(items, { message: "Channels will follow", complete: "CoreShowChannelsComplete" });
}

/** Status: one Status event per channel (or the one named by `Channel`), then StatusComplete. */
export function status(request: ActionRequest, server: ServerCore): void {
  const channelName = request.nonEmpty("Channel");
  let channels = server.channels.list();
  if (channelName !== undefined) {
    const found = server.channels.find(channelName);
    if (found === undefined) {
      request.error("No such channel");
      return;
    }
    channels = [found.channel];
  }
  const vars = server.options.channelvars;
  const actionId = request.actionId;
  request.respondFields([
    ["Response", "Success"],
    ["EventList", "start"],
    ["Message", "Channel status will follow"],
  ]);
  for (const channel of channels) {
    const format = channel.name.startsWith("Local/") ? "slin" : "ulaw";
    const fields: FieldList = [
      ["Event", "Status"],
      ["Privilege", "Call"],
      ...channel.snapshot(vars),
      ["Type", channel.name.split("/")[0] ?? ""],
      ["DNID", ""],
      ["EffectiveConnectedLineNum", channel.connectedLineNum],
      ["EffectiveConnectedLineName", channel.connectedLineName],
      ["TimeToHangup", "0"],
      ["BridgeID", channel.bridgeId],
      ["Application", channel.application],
      ["Data", channel.applicationData],
      ["Nativeformats", `(${format})`],
      ["Readformat", format],
      ["Readtrans", ""],
      ["Writeformat", format],
      ["Writetrans", ""],
      ["Callgroup", "0"],
      ["Pickupgroup", "0"],
      ["Seconds", String(server.channels.ageSeconds(channel))],
    ];
    if (actionId !== undefined) fields.push(["ActionID", actionId]);
    request.session.sendFields(fields);
  }
  const complete: FieldList = [["Event", "StatusComplete"]];
  if (actionId !== undefined) complete.push(["ActionID", actionId]);
  complete.push(
    ["EventList", "Complete"],
    ["ListItems", String(channels.length)],
    ["Items", String(channels.length)],
  );
  request.session.sendFields(complete);
}
