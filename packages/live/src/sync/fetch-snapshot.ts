/** Running the snapshot actions of the tracked domains on the client. */
import { AmiActionError, type AmiClient, type AmiEvent } from "@amikit/client";
import { LivePermissionError } from "../errors.ts";
import type { LiveDomain } from "../reducers/domains.ts";
import { text } from "../reducers/fields.ts";
import type { BridgeItems, ConferenceItems, SnapshotItems } from "./snapshot-items.ts";

/** The part of the client the sync uses. */
export type SnapshotClient = Pick<AmiClient, "list">;

/**
 * The `write` classes each snapshot action needs (any one of them): CoreShowChannels from
 * main/manager.c as the fake Asterisk mirrors it; the others as registered in their modules (FACTS.md).
 */
const ACTION_CLASSES: Readonly<Record<string, string>> = {
  CoreShowChannels: "system,reporting",
  BridgeList: "reporting",
  BridgeInfo: "reporting",
  QueueStatus: "reporting",
  ConfbridgeListRooms: "reporting",
  ConfbridgeList: "reporting",
  DeviceStateList: "call,reporting",
  ExtensionStateList: "call,reporting",
};

/** Answers that mean "nothing to list" rather than a failure (Asterisk 22 wording, see FACTS.md). */
const EMPTY_ANSWERS = [
  "No active conferences.",
  "No Conference by that name found.",
  "Specified BridgeUniqueid not found",
];

/** The server does not know the action (its module is not loaded): the domain cannot be snapshotted. */
class Unsupported extends Error {}

/** `undefined` when the domain's snapshot action is unknown to the server. */
async function unlessUnsupported<T>(fetch: Promise<T>): Promise<T | undefined> {
  try {
    return await fetch;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/** A list answer, untyped. */
interface ListAnswer {
  readonly events: readonly AmiEvent[];
  readonly complete: AmiEvent | undefined;
}

/** The list's answer; `undefined` when Asterisk answered that there is nothing (or no such module). */
async function items(
  client: SnapshotClient,
  domain: LiveDomain,
  action: string,
  params?: Record<string, string>,
): Promise<ListAnswer | undefined> {
  try {
    const options = { whenDisconnected: "fail" } as const;
    const list = client.list as (name: string, ...args: unknown[]) => Promise<ListAnswer>;
    return await list.call(client, action, params ?? {}, options);
  } catch (error) {
    if (!(error instanceof AmiActionError)) throw error;
    const message = text(error.response, "Message");
    if (message === "Permission denied") {
      throw new LivePermissionError(domain, action, ACTION_CLASSES[action] ?? "reporting", { cause: error });
    }
    if (EMPTY_ANSWERS.includes(message)) return undefined;
    if (message.startsWith("Invalid/unknown command")) throw new Unsupported();
    throw error;
  }
}

/** The list item events named `name` (a list action may interleave several kinds). */
function named(answer: ListAnswer | undefined, name: string): AmiEvent[] {
  return (answer?.events ?? []).filter((event) => text(event, "Event") === name);
}

async function fetchBridges(client: SnapshotClient): Promise<BridgeItems[]> {
  const list = named(await items(client, "bridges", "BridgeList"), "BridgeListItem");
  const bridges = await Promise.all(
    list.map(async (item): Promise<BridgeItems | undefined> => {
      const answer = await items(client, "bridges", "BridgeInfo", {
        BridgeUniqueid: text(item, "BridgeUniqueid"),
      });
      if (answer === undefined) return undefined; // destroyed between BridgeList and BridgeInfo
      return { item, info: answer.complete, members: named(answer, "BridgeInfoChannel") };
    }),
  );
  return bridges.filter((bridge) => bridge !== undefined);
}

async function fetchConferences(client: SnapshotClient): Promise<ConferenceItems[]> {
  const rooms = named(await items(client, "conferences", "ConfbridgeListRooms"), "ConfbridgeListRooms");
  const conferences = await Promise.all(
    rooms.map(async (room): Promise<ConferenceItems | undefined> => {
      const answer = await items(client, "conferences", "ConfbridgeList", {
        Conference: text(room, "Conference"),
      });
      return answer === undefined ? undefined : { room, members: named(answer, "ConfbridgeList") };
    }),
  );
  return conferences.filter((conference) => conference !== undefined);
}

/**
 * Runs the snapshot actions of `domains` (in parallel) and collects their answers. A domain whose action
 * the server does not know (`Invalid/unknown command`: app_queue or app_confbridge not loaded, or a
 * server that lacks it) is left out of the result, so the reconcile keeps what events built for it.
 */
export async function fetchSnapshot(
  client: SnapshotClient,
  domains: readonly LiveDomain[],
): Promise<SnapshotItems> {
  const want = (domain: LiveDomain) => domains.includes(domain);
  const list = async (domain: LiveDomain, action: string, item: string) =>
    want(domain)
      ? unlessUnsupported(items(client, domain, action).then((answer) => named(answer, item)))
      : undefined;
  const [channels, bridges, queues, conferences, devices, extensions] = await Promise.all([
    list("channels", "CoreShowChannels", "CoreShowChannel"),
    want("bridges") ? unlessUnsupported(fetchBridges(client)) : undefined,
    want("queues")
      ? unlessUnsupported(
          items(client, "queues", "QueueStatus").then((answer) => [...(answer?.events ?? [])]),
        )
      : undefined,
    want("conferences") ? unlessUnsupported(fetchConferences(client)) : undefined,
    list("devices", "DeviceStateList", "DeviceStateChange"),
    list("extensions", "ExtensionStateList", "ExtensionStatus"),
  ]);
  return {
    ...(channels !== undefined ? { channels } : {}),
    ...(bridges !== undefined ? { bridges } : {}),
    ...(queues !== undefined ? { queues } : {}),
    ...(conferences !== undefined ? { conferences } : {}),
    ...(devices !== undefined ? { devices } : {}),
    ...(extensions !== undefined ? { extensions } : {}),
  };
}

/** The domains a snapshot covers (those whose actions the server answered). */
export function coveredDomains(items: SnapshotItems, domains: readonly LiveDomain[]): LiveDomain[] {
  return domains.filter((domain) => items[domain] !== undefined);
}
