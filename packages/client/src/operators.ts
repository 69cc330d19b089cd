/**
 * RxJS operators for event streams.
 */
import type { EventOf } from "@amikit/definitions";
import type { OperatorFunction } from "rxjs";
import { filter } from "./rx.ts";
import type { AmiEvent } from "./types.ts";

/**
 * Keeps the events whose `Event` header is one of `names` (case-insensitive, since Asterisk versions
 * differ in case, e.g. `NewCallerid`) and narrows their type:
 *
 * ```ts
 * client.events$.pipe(ofEvent("Hangup")).subscribe((hangup) => hangup.Cause);
 * ```
 */
export function ofEvent<const N extends readonly [string, ...string[]]>(
  ...names: N
): OperatorFunction<AmiEvent, EventOf<N[number]>> {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  return filter((event: AmiEvent): event is EventOf<N[number]> & AmiEvent => {
    const name = event.Event;
    return typeof name === "string" && wanted.has(name.toLowerCase());
  }) as OperatorFunction<AmiEvent, EventOf<N[number]>>;
}
