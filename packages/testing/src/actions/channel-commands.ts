import type { ChannelRegistry } from "../channels/channel-registry.ts";

const clip = (text: string, width: number) => text.slice(0, width).padEnd(width);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

// Asterisk walks its channel container in hash order, so no order is "the" order; the CLI commands list the
// channels oldest first (as the CLI simulator always did), the CoreShowChannels action newest first.

/**
 * @internal `core show channels`, laid out as Asterisk 22 prints it (main/cli.c `handle_chanlist`:
 * `%-64.64s %-32.32s %-7.7s %-50.50s`, then the totals).
 */
export function coreShowChannels(registry: ChannelRegistry): string[] {
  const row = (channel: string, location: string, state: string, application: string) =>
    `${clip(channel, 64)} ${clip(location, 32)} ${clip(state, 7)} ${clip(application, 50)}`;
  const channels = registry.list().reverse();
  const lines = [row("Channel", "Location", "State", "Application(Data)")];
  for (const channel of channels) {
    lines.push(
      row(
        channel.name,
        `${channel.exten}@${channel.context}:${channel.priority}`,
        channel.stateDescription,
        channel.application === "" ? "(None)" : `${channel.application}(${channel.applicationData})`,
      ),
    );
  }
  lines.push(
    plural(channels.length, "active channel"),
    plural(registry.callCount(), "active call"),
    `${plural(registry.processedCalls, "call")} processed`,
  );
  return lines;
}

/** @internal `core show channels concise`: one `!`-separated line per channel, as Asterisk prints it. */
export function coreShowChannelsConcise(registry: ChannelRegistry): string[] {
  return registry
    .list()
    .reverse()
    .map((channel) =>
      [
        channel.name,
        channel.context,
        channel.exten,
        String(channel.priority),
        channel.stateDescription,
        channel.application,
        channel.applicationData,
        channel.callerIdNum,
        "",
        "",
        "3",
        String(registry.ageSeconds(channel)),
        channel.bridgeId === "" ? "(None)" : channel.bridgeId,
        channel.uniqueid,
      ].join("!"),
    );
}

/** @internal `core show calls`: the calls in progress and the calls processed. */
export function coreShowCalls(registry: ChannelRegistry): string[] {
  return [
    plural(registry.callCount(), "active call"),
    `${plural(registry.processedCalls, "call")} processed`,
  ];
}
