/**
 * What a reconnect must restore: the event mask (the `events` option, then whatever the `Events`
 * action last set) and every filter added with the `Filter` action.
 */
import type { AmiFieldValue } from "@amikit/codec";
import { fieldValue } from "./validate.ts";

/** The session state the user changed with actions, replayed after each login. @internal */
export class SessionSettings {
  /** The Login `Events` header to use; `undefined` sends none (the server's default: every class the user may read). */
  eventMask: string | undefined;
  readonly #filters = new Set<string>();

  constructor(eventMask: string | undefined) {
    this.eventMask = eventMask;
  }

  /** Filters to re-add, in the order first added (duplicates once). */
  get filters(): readonly string[] {
    return [...this.#filters];
  }

  /** Records the effect of an action Asterisk accepted. */
  track(action: string, params: Readonly<Record<string, AmiFieldValue>> | undefined): void {
    if (params === undefined) return;
    const name = action.toLowerCase();
    if (name === "events") {
      const mask = fieldValue(params, "EventMask");
      if (typeof mask === "string") this.eventMask = mask;
    } else if (name === "filter") {
      const operation = fieldValue(params, "Operation");
      if (typeof operation === "string" && operation.toLowerCase() !== "add") return;
      const filter = fieldValue(params, "Filter");
      if (typeof filter === "string") this.#filters.add(filter);
      else if (Array.isArray(filter))
        for (const value of filter as readonly string[]) this.#filters.add(value);
    }
  }
}
