/** `clickToCall`: an Originate whose call can be followed from its first event. */
import type { AmiClient, AmiOriginateParams, AmiOriginateResponse } from "@amikit/client";
import { type Observable, ReplaySubject } from "rxjs";
import type { LivePbx } from "../live.ts";
import type { LiveCall } from "../model/call.ts";

/** Options of {@link clickToCall}. */
export interface ClickToCallOptions {
  /**
   * Makes the `Uniqueid` of the first channel (`ChannelId`); the second (`OtherChannelId`, the other half
   * of a Local channel) is it with `;2`, as Asterisk names it. Must be unique on the server. Default:
   * `crypto.randomUUID()`.
   */
  readonly newId?: () => string;
  /** The Originate's own timeout (ms), as `originate()` takes it. */
  readonly timeout?: number;
}

/** A click-to-call under way. */
export interface ClickToCall {
  /** The call's `Linkedid`: the `ChannelId` chosen for its first channel. */
  readonly linkedid: string;
  /** `ChannelId` as sent: the `Uniqueid` of the first channel. */
  readonly channelId: string;
  /** `OtherChannelId` as sent: the `Uniqueid` of the second (a Local channel's `;2` half). */
  readonly otherChannelId: string;
  /**
   * The call over time from its first event (replays the latest to late subscribers); completes when it
   * ends, or at once if the Originate fails before any of its channels appeared.
   */
  readonly call$: Observable<LiveCall>;
  /** Resolves with `OriginateResponse` once the first channel answers; rejects as `originate()` does. */
  readonly answered: Promise<AmiOriginateResponse>;
}

/**
 * Originates `params` with Uniqueids chosen here (`ChannelId`, `OtherChannelId`), so the call is known
 * by its `Linkedid` before Asterisk creates it: `call$` is followed from the first `Newchannel`, long
 * before `OriginateResponse` — no `GetVar`, no guessing by channel name. Any `ChannelId` in `params` is
 * kept. The AMI user needs `write = originate`.
 *
 * @example
 * ```ts
 * import { clickToCall, connect, trackPbx } from "@amikit/node";
 *
 * const ami = await connect({ host: "127.0.0.1", username: "admin", secret: "amipass" });
 * const pbx = trackPbx(ami);
 * const click = clickToCall(ami, pbx, { Channel: "Local/wait@test", Context: "test", Exten: "wait", Priority: "1" });
 * click.call$.subscribe((call) => console.log(`${click.linkedid}: ${call.channels.length} channels`));
 * await click.answered;
 * ```
 */
export function clickToCall(
  client: Pick<AmiClient, "originate">,
  pbx: Pick<LivePbx, "call$">,
  params: AmiOriginateParams,
  options: ClickToCallOptions = {},
): ClickToCall {
  const channelId =
    params.ChannelId === undefined
      ? (options.newId ?? (() => globalThis.crypto.randomUUID()))()
      : String(params.ChannelId);
  const otherChannelId =
    params.OtherChannelId === undefined ? `${channelId};2` : String(params.OtherChannelId);
  const call$ = new ReplaySubject<LiveCall>(1);
  let seen = false;
  const subscription = pbx.call$(channelId).subscribe({
    next: (call) => {
      seen = true;
      call$.next(call);
    },
    error: (error: unknown) => call$.error(error),
    complete: () => call$.complete(),
  });
  const answered = client.originate(
    { ...params, ChannelId: channelId, OtherChannelId: otherChannelId },
    options.timeout === undefined ? undefined : { timeout: options.timeout },
  );
  answered.catch(() => {
    if (seen) return;
    subscription.unsubscribe();
    call$.complete();
  });
  return { linkedid: channelId, channelId, otherChannelId, call$: call$.asObservable(), answered };
}
