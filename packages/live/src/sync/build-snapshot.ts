/** Turning the snapshot actions' answers into a {@link LiveState} (pure). */
import type { AmiEvent } from "@amikit/client";
import type { LiveBridge } from "../model/bridge.ts";
import type { LiveCall } from "../model/call.ts";
import type { LiveChannel } from "../model/channel.ts";
import type { LiveConference } from "../model/conference.ts";
import type { LiveQueue } from "../model/queue.ts";
import { EMPTY_STATE, type LiveState } from "../model/state.ts";
import type { LiveDeviceState, LiveExtensionState } from "../model/states.ts";
import { bridgeFrom } from "../reducers/bridges.ts";
import { channelFrom } from "../reducers/channel-fields.ts";
import { emptyConference, participantFrom } from "../reducers/conferences.ts";
import { flag, integer, optional, text } from "../reducers/fields.ts";
import { emptyQueue, entryFrom, memberFrom, statsFrom } from "../reducers/queue-fields.ts";
import { extensionKey } from "../reducers/states.ts";
import type { SnapshotItems } from "./snapshot-items.ts";

/** `HH:MM:SS` (CoreShowChannel `Duration`) in ms. */
function durationMs(value: string): number {
  const [hours = 0, minutes = 0, seconds = 0] = value
    .split(":")
    .map((part) => Number.parseInt(part, 10) || 0);
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** A channel from a `CoreShowChannel` item: created `Duration` ago, answer time unknown. */
export function snapshotChannel(item: AmiEvent, now: number): LiveChannel {
  const channel = channelFrom(item, undefined, now - durationMs(text(item, "Duration")));
  return {
    ...channel,
    application: text(item, "Application"),
    applicationData: text(item, "ApplicationData"),
    bridge: optional(item, "BridgeId"),
    answeredAt: undefined,
  };
}

/**
 * The state the snapshot describes, for the domains it holds (the others are empty). Calls are the
 * channels grouped by `Linkedid`, started when their oldest channel was created.
 */
export function buildSnapshot(items: SnapshotItems, now: number): LiveState {
  const channels = new Map<string, LiveChannel>();
  const calls = new Map<string, LiveCall>();
  for (const item of items.channels ?? []) {
    const channel = snapshotChannel(item, now);
    channels.set(channel.uniqueid, channel);
  }
  for (const channel of [...channels.values()].sort((a, b) => a.createdAt - b.createdAt)) {
    const call = calls.get(channel.linkedid);
    const bridges = call?.bridges ?? [];
    const withBridge =
      channel.bridge !== undefined && !bridges.includes(channel.bridge)
        ? [...bridges, channel.bridge]
        : bridges;
    calls.set(channel.linkedid, {
      linkedid: channel.linkedid,
      channels: [...(call?.channels ?? []), channel.uniqueid],
      bridges: withBridge,
      startedAt: call?.startedAt ?? channel.createdAt,
      answeredAt: undefined,
      endedAt: undefined,
      transfers: [],
    });
  }
  const bridges = new Map<string, LiveBridge>();
  for (const { item, info, members } of items.bridges ?? []) {
    const bridge = bridgeFrom(info ?? item, undefined);
    bridges.set(bridge.uniqueid, { ...bridge, members: members.map((member) => text(member, "Uniqueid")) });
  }
  return {
    ...EMPTY_STATE,
    channels,
    calls,
    bridges,
    queues: buildQueues(items.queues ?? [], now),
    conferences: buildConferences(items),
    devices: new Map(
      (items.devices ?? []).map((item): [string, LiveDeviceState] => [
        text(item, "Device"),
        { device: text(item, "Device"), state: text(item, "State") },
      ]),
    ),
    extensions: new Map(
      (items.extensions ?? []).map((item): [string, LiveExtensionState] => [
        extensionKey(text(item, "Exten"), text(item, "Context")),
        {
          exten: text(item, "Exten"),
          context: text(item, "Context"),
          hint: text(item, "Hint"),
          status: integer(item, "Status"),
          statusText: text(item, "StatusText"),
        },
      ]),
    ),
  };
}

function buildQueues(items: readonly AmiEvent[], now: number): Map<string, LiveQueue> {
  const queues = new Map<string, LiveQueue>();
  for (const item of items) {
    const name = text(item, "Queue");
    const queue = queues.get(name) ?? emptyQueue(name);
    switch (text(item, "Event")) {
      case "QueueParams":
        queues.set(name, {
          ...queue,
          strategy: text(item, "Strategy"),
          max: integer(item, "Max"),
          weight: integer(item, "Weight"),
          stats: statsFrom(item),
        });
        break;
      case "QueueMember": {
        const member = memberFrom(item, undefined);
        queues.set(name, { ...queue, members: { ...queue.members, [member.interface]: member } });
        break;
      }
      case "QueueEntry": {
        const entry = entryFrom(item, now);
        queues.set(name, { ...queue, entries: { ...queue.entries, [entry.uniqueid]: entry } });
        break;
      }
    }
  }
  return queues;
}

function buildConferences(items: SnapshotItems): Map<string, LiveConference> {
  const conferences = new Map<string, LiveConference>();
  for (const { room, members } of items.conferences ?? []) {
    const name = text(room, "Conference");
    const participants = Object.fromEntries(
      members.map((member) => [text(member, "Uniqueid"), participantFrom(member)]),
    );
    conferences.set(name, {
      ...emptyConference(name, undefined),
      locked: flag(room, "Locked"),
      participants,
    });
  }
  return conferences;
}
