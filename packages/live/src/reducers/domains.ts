/** The domains a live state can track, and which events belong to each. */

/**
 * What to track: `channels` (channels and the calls they make), `bridges`, `queues`, `conferences`
 * (ConfBridge), `devices` (device states), `extensions` (hint states).
 */
export type LiveDomain = "channels" | "bridges" | "queues" | "conferences" | "devices" | "extensions";

/** Every domain, in the order they are synced. */
export const LIVE_DOMAINS: readonly LiveDomain[] = [
  "channels",
  "bridges",
  "queues",
  "conferences",
  "devices",
  "extensions",
];

/** The domain of each event name outside `Confbridge*`, for the non-channel parts of the state. */
const DOMAIN_OF_EVENT: ReadonlyMap<string, LiveDomain> = new Map([
  ["BridgeCreate", "bridges"],
  ["BridgeEnter", "bridges"],
  ["BridgeLeave", "bridges"],
  ["BridgeDestroy", "bridges"],
  ["QueueMemberAdded", "queues"],
  ["QueueMemberRemoved", "queues"],
  ["QueueMemberStatus", "queues"],
  ["QueueMemberPause", "queues"],
  ["QueueMemberPenalty", "queues"],
  ["QueueMemberRinginuse", "queues"],
  ["QueueCallerJoin", "queues"],
  ["QueueCallerLeave", "queues"],
  ["QueueCallerAbandon", "queues"],
  ["AgentConnect", "queues"],
  ["AgentComplete", "queues"],
  ["DeviceStateChange", "devices"],
  ["ExtensionStatus", "extensions"],
]);

/** The domain an event's name belongs to for the non-channel parts of the state (`undefined`: none). */
export function domainOfEvent(name: string): LiveDomain | undefined {
  return DOMAIN_OF_EVENT.get(name) ?? (name.startsWith("Confbridge") ? "conferences" : undefined);
}
