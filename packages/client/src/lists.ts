/**
 * List answers, detected by the wire rather than by a table, so they work for actions the definitions
 * do not know and for servers older than the definitions:
 *
 * - a response with `EventList: start`, or (Asterisk 11 era, no `EventList` headers) a `Message` that
 *   says `… will follow`, opens a list;
 * - the event with the same ActionID and `EventList: Complete` closes it — or, when the event has no
 *   `EventList` header at all, an event whose name ends in `Complete` (`QueueStatusComplete`).
 */
import type { AmiPacket } from "@amikit/codec";

const WILL_FOLLOW = /\bwill follow\b/i;
const COMPLETE_SUFFIX = /complete$/i;

/**
 * Whether a (successful) response opens a list.
 *
 * @internal
 */
export function opensList(response: AmiPacket): boolean {
  const eventList = response.get("EventList");
  if (eventList !== undefined) return eventList.toLowerCase() === "start";
  const message = response.get("Message");
  return message !== undefined && WILL_FOLLOW.test(message);
}

/**
 * Whether an event carrying a list's ActionID is the one that closes it.
 *
 * @internal
 */
export function closesList(event: AmiPacket): boolean {
  const eventList = event.get("EventList");
  if (eventList !== undefined) return eventList.toLowerCase() === "complete";
  return COMPLETE_SUFFIX.test(event.name);
}

/**
 * Whether a response is a failure (`Response: Error`). Everything else — `Success`, `Follows`
 * (legacy Command), `Goodbye` (Logoff) — is an answer.
 *
 * @internal
 */
export function isErrorResponse(response: AmiPacket): boolean {
  const name = response.name;
  return name.length === 5 && name.toLowerCase() === "error";
}
