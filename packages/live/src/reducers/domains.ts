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

const BRIDGE_EVENTS = new Set(["BridgeCreate", "BridgeEnter", "BridgeLeave", "BridgeDestroy"]);
const QUEUE_EVENTS = new Set([
  "QueueMemberAdded",
  "QueueMemberRemoved",
  "QueueMemberStatus",
  "QueueMemberPause",
  "QueueMemberPenalty",
  "QueueMemberRinginuse",
  "QueueCallerJoin",
  "QueueCallerLeave",
  "QueueCallerAbandon",
  "AgentConnect",
  "AgentComplete",
]);

/** The domain an event's name belongs to for the non-channel parts of the state (`undefined`: none). */
export function domainOfEvent(name: string): LiveDomain | undefined {
  if (BRIDGE_EVENTS.has(name)) return "bridges";
  if (QUEUE_EVENTS.has(name)) return "queues";
  if (name.startsWith("Confbridge")) return "conferences";
  if (name === "DeviceStateChange") return "devices";
  if (name === "ExtensionStatus") return "extensions";
  return undefined;
}
