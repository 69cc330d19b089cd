/** `recordCall`: follows one call through its transfers, recording each conversation it goes through. */
import type { AmiClient } from "@amikit/client";
import { Observable } from "rxjs";
import type { LivePbx } from "../live.ts";
import type { LiveCall } from "../model/call.ts";
import type { LiveState } from "../model/state.ts";

/** Options of {@link recordCall}. */
export interface RecordCallOptions {
  /**
   * The recording's file name for each segment (1 for the first conversation, 2 after the first
   * transfer…), as MixMonitor's `File` (a path on the Asterisk server; the extension picks the format).
   * Default: `` `call-${linkedid}-${segment}.wav` ``.
   */
  readonly file?: (segment: number) => string;
  /** MixMonitor's `Options` (e.g. `b`: only while bridged). Default: none. */
  readonly mixMonitorOptions?: string;
}

/** A recording action sent for the call, with how Asterisk answered it. */
export interface RecordingStep {
  /** `MixMonitor` (a segment starts) or `StopMixMonitor` (it ends because the call was transferred). */
  readonly action: "MixMonitor" | "StopMixMonitor";
  /** The segment, from 1. */
  readonly segment: number;
  /** The `Uniqueid` of the channel recorded. */
  readonly uniqueid: string;
  /** Its `Channel` name. */
  readonly channel: string;
  /** The file (MixMonitor only). */
  readonly file: string | undefined;
  /** Asterisk's error message when the action failed (the following goes on), else `undefined`. */
  readonly error: string | undefined;
}

/** How many channels are in `bridge`: its members when bridges are tracked, else the call's channels in it. */
function membersOf(state: LiveState, call: LiveCall, bridge: string): number {
  const tracked = state.bridges.get(bridge);
  if (tracked !== undefined) return tracked.members.length;
  return call.channels.filter((uniqueid) => state.channels.get(uniqueid)?.bridge === bridge).length;
}

/**
 * The channel of `call` to record: the first of its channels (in the order they appeared) in a bridge
 * with another channel — a conversation, not a channel left alone in a bridge about to end.
 */
function talkingChannel(state: LiveState, call: LiveCall) {
  for (const uniqueid of call.channels) {
    const channel = state.channels.get(uniqueid);
    if (channel?.bridge !== undefined && membersOf(state, call, channel.bridge) >= 2) return channel;
  }
  return undefined;
}

/**
 * Records the call `linkedid` (its `Linkedid`, e.g. a `clickToCall`'s or a `ScreenPop`'s)
 * while it lasts, following it through transfers: whenever one of its channels talks in a bridge (with
 * at least one other channel), a `MixMonitor` records it; a transfer, or that channel leaving its
 * bridge, ends the segment (`StopMixMonitor` if the channel is still up) and the next conversation is
 * recorded as the next segment. Emits each action sent and completes when the call ends (a channel's
 * MixMonitor stops with it). Waits for the call if it has not started. Needs the `channels` domain
 * (and `bridges`, if tracked, to count who is in a bridge), and the AMI user's `write = call` class.
 *
 * @example
 * ```ts
 * import { connect, recordCall, screenPop$, trackPbx } from "@amikit/node";
 *
 * const ami = await connect({ host: "127.0.0.1", username: "admin", secret: "amipass" });
 * const pbx = trackPbx(ami);
 * screenPop$(pbx).subscribe((pop) => {
 *   recordCall(ami, pbx, pop.linkedid).subscribe((step) => console.log(step.action, step.channel));
 * });
 * ```
 */
export function recordCall(
  client: Pick<AmiClient, "action">,
  pbx: Pick<LivePbx, "call$" | "snapshot">,
  linkedid: string,
  options: RecordCallOptions = {},
): Observable<RecordingStep> {
  const file = options.file ?? ((segment: number) => `call-${linkedid}-${segment}.wav`);
  return new Observable<RecordingStep>((subscriber) => {
    let segment = 0;
    let recorded: { uniqueid: string; channel: string; bridge: string; transfers: number } | undefined;
    let sent: Promise<void> = Promise.resolve();
    const send = (step: Omit<RecordingStep, "error">, params: Record<string, string>) => {
      sent = sent.then(async () => {
        let error: string | undefined;
        try {
          await client.action(step.action, params as never);
        } catch (failure) {
          error = failure instanceof Error ? failure.message : String(failure);
        }
        if (!subscriber.closed) subscriber.next({ ...step, error });
      });
    };
    const follow = (call: LiveCall) => {
      const state = pbx.snapshot();
      if (recorded !== undefined) {
        const now = state.channels.get(recorded.uniqueid);
        const moved = now?.bridge !== recorded.bridge || call.transfers.length !== recorded.transfers;
        if (!moved) return;
        if (now !== undefined) {
          const { uniqueid, channel } = recorded;
          send(
            { action: "StopMixMonitor", segment, uniqueid, channel, file: undefined },
            { Channel: channel },
          );
        }
        recorded = undefined;
      }
      const next = talkingChannel(state, call);
      if (next?.bridge === undefined) return;
      segment += 1;
      recorded = {
        uniqueid: next.uniqueid,
        channel: next.name,
        bridge: next.bridge,
        transfers: call.transfers.length,
      };
      const name = file(segment);
      const params: Record<string, string> = { Channel: next.name, File: name };
      if (options.mixMonitorOptions !== undefined) params.Options = options.mixMonitorOptions;
      send(
        { action: "MixMonitor", segment, uniqueid: next.uniqueid, channel: next.name, file: name },
        params,
      );
    };
    const subscription = pbx.call$(linkedid).subscribe({
      next: (call) => {
        if (call.endedAt === undefined) follow(call);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => void sent.then(() => subscriber.complete()),
    });
    return () => subscription.unsubscribe();
  });
}
