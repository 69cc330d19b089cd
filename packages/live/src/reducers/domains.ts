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

const BRIDGE_EVENTS: ReadonlySet<string> = new Set([
  "BridgeCreate",
  "BridgeEnter",
  "BridgeLeave",
  "BridgeDestroy",
]);
const QUEUE_EVENTS: ReadonlySet<string> = new Set([
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

/**
 * The domain an event's name belongs to for the non-channel parts of the state (`undefined`: none).
 * Dispatches on the first letter before any lookup: most events are channel events (`New…`, `Var…`,
 * `Hangup`, `Dial…`) that belong to none, and a set lookup would hash each event's fresh name string.
 */
export function domainOfEvent(name: string): LiveDomain | undefined {
  switch (name.charCodeAt(0)) {
    case 66: // B
      return BRIDGE_EVENTS.has(name) ? "bridges" : undefined;
    case 65: // A
    case 81: // Q
      return QUEUE_EVENTS.has(name) ? "queues" : undefined;
    case 67: // C
      return name.startsWith("Confbridge") ? "conferences" : undefined;
    case 68: // D
      return name === "DeviceStateChange" ? "devices" : undefined;
    case 69: // E
      return name === "ExtensionStatus" ? "extensions" : undefined;
    default:
      return undefined;
  }
}
