import { formatDuration, type SimulatedChannel } from "./channel-model.ts";

const clip = (text: string, width: number) => text.slice(0, width).padEnd(width);

/**
 * The output of `core show channels` for the simulated channels, laid out as Asterisk 22 prints it
 * (`%-64.64s %-32.32s %-7.7s %-50.50s`, then the totals).
 */
export function coreShowChannelsOutput(
  channels: readonly SimulatedChannel[],
  callsProcessed: number,
): string[] {
  const row = (channel: string, location: string, state: string, application: string) =>
    `${clip(channel, 64)} ${clip(location, 32)} ${clip(state, 7)} ${clip(application, 50)}`;
  const lines = [row("Channel", "Location", "State", "Application(Data)")];
  for (const channel of channels) {
    lines.push(
      row(
        channel.name,
        `${channel.exten}@${channel.context}:${channel.priority}`,
        channel.state.description,
        channel.application === "" ? "(None)" : `${channel.application}(${channel.applicationData})`,
      ),
    );
  }
  const calls = new Set(channels.map((channel) => channel.linkedid)).size;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  lines.push(
    plural(channels.length, "active channel"),
    plural(calls, "active call"),
    `${plural(callsProcessed, "call")} processed`,
  );
  return lines;
}

/** `core show channels concise`: one `!`-separated line per channel, as Asterisk prints it. */
export function coreShowChannelsConcise(channels: readonly SimulatedChannel[], now: number): string[] {
  return channels.map((channel) =>
    [
      channel.name,
      channel.context,
      channel.exten,
      channel.priority,
      channel.state.description,
      channel.application,
      channel.applicationData,
      channel.callerIdNum,
      "",
      "",
      "3",
      String(Math.floor((now - channel.createdAt) / 1000)),
      channel.bridgeId === "" ? "(None)" : channel.bridgeId,
      channel.uniqueid,
    ].join("!"),
  );
}

/** The `Duration` of a channel (`HH:MM:SS`) as CoreShowChannel reports it. */
export function channelDuration(channel: SimulatedChannel, now: number): string {
  return formatDuration((now - channel.createdAt) / 1000);
}
