import { actionMetadata } from "./generated/action-metadata.ts";
import { eventMetadata } from "./generated/event-metadata.ts";
import type { ActionMetadata, EventMetadata } from "./types.ts";

function lowerCaseIndex<T>(table: Readonly<Record<string, T>>): ReadonlyMap<string, T> {
  return new Map(Object.entries(table).map(([name, value]) => [name.toLowerCase(), value]));
}

let actionsByLowerName: ReadonlyMap<string, ActionMetadata> | undefined;
let eventsByLowerName: ReadonlyMap<string, EventMetadata> | undefined;

/**
 * Looks up a documented action by name, ignoring case as Asterisk does (`originate` finds `Originate`).
 * Returns undefined for actions the documentation does not know (custom modules): send them anyway.
 */
export function findAction(name: string): ActionMetadata | undefined {
  actionsByLowerName ??= lowerCaseIndex(actionMetadata);
  return actionsByLowerName.get(name.toLowerCase());
}

/** Looks up a documented event by name, ignoring case. Returns undefined for unknown events. */
export function findEvent(name: string): EventMetadata | undefined {
  eventsByLowerName ??= lowerCaseIndex(eventMetadata);
  return eventsByLowerName.get(name.toLowerCase());
}
