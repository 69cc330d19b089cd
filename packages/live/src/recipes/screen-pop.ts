/** `screenPop$`: one event per phone starting to ring, with what a screen-pop needs. */
import { Observable } from "rxjs";
import type { LivePbx } from "../live.ts";
import type { LiveChannel } from "../model/channel.ts";
import type { LiveParty } from "../model/party.ts";
import type { LiveQueueMember } from "../model/queue.ts";
import type { LiveState } from "../model/state.ts";
import { endpointOfChannel, endpointOfInterface } from "./endpoint.ts";

/** Which way a call goes: from outside, to outside, or between two inside phones. */
export type CallDirection = "inbound" | "outbound" | "internal";

/** How {@link screenPop$} tells inbound and outbound calls from internal ones. */
export interface ScreenPopOptions {
  /**
   * The trunks, as endpoints (`PJSIP/carrier`) or channel-name prefixes (`PJSIP/carrier-`): a caller on
   * one makes the call inbound, a ringing channel on one makes it outbound.
   */
  readonly trunks?: readonly string[];
  /** Dialplan contexts that calls from outside run in (`from-pstn`): a caller in one is inbound. */
  readonly inboundContexts?: readonly string[];
  /** Dialplan contexts whose dials go outside (`to-pstn`): a caller dialling from one is outbound. */
  readonly outboundContexts?: readonly string[];
}

/** A phone starting to ring, at the moment Asterisk begins dialling it (`DialBegin`). */
export interface ScreenPop {
  /** The call's `Linkedid` (follow it with `pbx.call$(linkedid)`). */
  readonly linkedid: string;
  /** The channel ringing: its `Uniqueid`, `Channel` name and endpoint (`PJSIP/alice`). */
  readonly ringing: { readonly uniqueid: string; readonly channel: string; readonly endpoint: string };
  /** The queue member being rung, when the caller waits in a queue and a member's interface is that endpoint. */
  readonly agent: LiveQueueMember | undefined;
  /** Who is calling: the dialling channel's caller ID, `Uniqueid` and name. */
  readonly caller: LiveParty & { readonly uniqueid: string; readonly channel: string };
  /** The queue the caller waits in, if any. */
  readonly queue: string | undefined;
  /** `inbound`, `outbound` or `internal`, by {@link ScreenPopOptions}. */
  readonly direction: CallDirection;
}

const matchesTrunk = (channel: string, trunks: readonly string[]): boolean =>
  trunks.some((trunk) => endpointOfChannel(channel) === trunk || channel.startsWith(trunk));

/** The direction of a dial from `caller` to `ringing`. */
function directionOf(caller: LiveChannel, ringing: string, options: ScreenPopOptions): CallDirection {
  const trunks = options.trunks ?? [];
  if (matchesTrunk(caller.name, trunks) || options.inboundContexts?.includes(caller.context))
    return "inbound";
  if (matchesTrunk(ringing, trunks) || options.outboundContexts?.includes(caller.context)) return "outbound";
  return "internal";
}

/** The pop for the dial from `caller` to `destination`, as `state` sees it. */
function popOf(
  state: LiveState,
  caller: LiveChannel,
  destination: string,
  options: ScreenPopOptions,
): ScreenPop {
  const ringingName =
    state.channels.get(destination)?.name ?? caller.dials[destination]?.destinationName ?? "";
  const endpoint = endpointOfChannel(ringingName);
  const queue = [...state.queues.values()].find(
    (candidate) => candidate.entries[caller.uniqueid] !== undefined,
  );
  const agent =
    queue === undefined
      ? undefined
      : Object.values(queue.members).find(
          (member) =>
            endpointOfInterface(member.interface) === endpoint ||
            endpointOfInterface(member.stateInterface) === endpoint,
        );
  return {
    linkedid: caller.linkedid,
    ringing: { uniqueid: destination, channel: ringingName, endpoint },
    agent,
    caller: { ...caller.callerId, uniqueid: caller.uniqueid, channel: caller.name },
    queue: queue?.name,
    direction: directionOf(caller, ringingName, options),
  };
}

/**
 * Every phone that starts ringing from now on (a dial a channel begins: `DialBegin`), with the caller,
 * the queue the caller waits in and the member rung, the direction and the `Linkedid` — everything a CRM
 * screen-pop needs, read from the live state at that moment. Dials already under way when it is
 * subscribed are not reported, nor dials without a calling channel (an `Originate`'s first channel).
 * Needs the `channels` domain, and `queues` for the queue and agent.
 *
 * @example
 * ```ts
 * import { connect, screenPop$, trackPbx } from "@amikit/node";
 *
 * const ami = await connect({ host: "127.0.0.1", username: "admin", secret: "amipass" });
 * const pbx = trackPbx(ami, { domains: ["channels", "queues"] });
 * screenPop$(pbx, { trunks: ["PJSIP/carrier"] }).subscribe((pop) =>
 *   console.log(`${pop.ringing.endpoint} ← ${pop.caller.number} (${pop.direction}, ${pop.queue ?? "direct"})`),
 * );
 * ```
 */
export function screenPop$(
  pbx: Pick<LivePbx, "state$">,
  options: ScreenPopOptions = {},
): Observable<ScreenPop> {
  return new Observable<ScreenPop>((subscriber) => {
    let before: LiveState | undefined;
    return pbx.state$.subscribe({
      next: (state) => {
        const previous = before;
        before = state;
        if (previous === undefined || previous.channels === state.channels) return;
        for (const channel of state.channels.values()) {
          const was = previous.channels.get(channel.uniqueid);
          if (was === channel || was?.dials === channel.dials) continue;
          for (const destination of Object.keys(channel.dials)) {
            // A dial begun and ended within one batch still rang (and may have been answered at once).
            if (was?.dials[destination] === undefined)
              subscriber.next(popOf(state, channel, destination, options));
          }
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
}
