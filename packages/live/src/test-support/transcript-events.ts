/** The events of a recorded Asterisk 22 transcript, as the client hands them out. */
import type { AmiEvent } from "@amikit/client";
import { clientPackets, type HeaderPairs, serverPackets } from "@amikit/test-support";

/** Header pairs → the client's event object (a header sent more than once becomes an array). */
export function toEvent(headers: HeaderPairs): AmiEvent {
  const event: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const previous = event[name];
    if (previous === undefined) event[name] = value;
    else event[name] = typeof previous === "string" ? [previous, value] : [...previous, value];
  }
  return event;
}

/**
 * The unsolicited events of a transcript, in wire order: responses and the item events of list actions
 * (which carry the list's ActionID) are left out, `OriginateResponse` is kept (as `events$` does).
 */
export function transcriptEvents(name: string): AmiEvent[] {
  return serverPackets(name)
    .map(toEvent)
    .filter((event) => event.Event !== undefined)
    .filter((event) => event.ActionID === undefined || event.Event === "OriginateResponse");
}

/** The item events answering the client's action with this ActionID (e.g. `"csc-1"`), in wire order. */
export function listItems(name: string, actionId: string): AmiEvent[] {
  return serverPackets(name)
    .map(toEvent)
    .filter((event) => event.Event !== undefined && event.ActionID === actionId);
}

/** The unsolicited events before the answer to `actionId` began (the state the answer should describe). */
export function eventsBefore(name: string, actionId: string): AmiEvent[] {
  const packets = serverPackets(name).map(toEvent);
  const answer = packets.findIndex((packet) => packet.ActionID === actionId);
  if (answer < 0) throw new Error(`no answer to ${actionId} in ${name}.jsonl`);
  return packets
    .slice(0, answer)
    .filter((event) => event.Event !== undefined)
    .filter((event) => event.ActionID === undefined || event.Event === "OriginateResponse");
}

/** The ActionIDs the client used for `action` in a transcript. */
export function actionIds(name: string, action: string): string[] {
  return clientPackets(name)
    .filter((headers) => headers.some(([key, value]) => key === "Action" && value === action))
    .map((headers) => headers.find(([key]) => key === "ActionID")?.[1] ?? "");
}
