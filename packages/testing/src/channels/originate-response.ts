import type { FieldList } from "../fields.ts";
import { type ChannelState, parseCallerId } from "./channel.ts";

/** @internal What an Originate asked for. */
export interface OriginateParams {
  readonly channel: string;
  readonly context: string | undefined;
  readonly exten: string | undefined;
  readonly priority: string | undefined;
  readonly application: string | undefined;
  readonly data: string | undefined;
  readonly callerId: string | undefined;
  readonly variables: readonly (readonly [string, string])[];
  readonly channelId: string | undefined;
  readonly otherChannelId: string | undefined;
  readonly async: boolean;
  readonly actionId: string | undefined;
}

/**
 * @internal The {@link OriginateParams} of a Local channel that something else dials (Dial, a queue, an
 * attended transfer's consultation call): only the channel, nothing an Originate would add.
 */
export function dialledLocal(channel: string): OriginateParams {
  return {
    channel,
    context: undefined,
    exten: undefined,
    priority: undefined,
    application: undefined,
    data: undefined,
    callerId: undefined,
    variables: [],
    channelId: undefined,
    otherChannelId: undefined,
    async: false,
    actionId: undefined,
  };
}

/** @internal How an originated call got on: answered, or failed with an OriginateResponse `Reason`. */
export type OriginateOutcome =
  | { readonly answered: true }
  | { readonly answered: false; readonly reason: number };

/** @internal `Local/exten@context[/n]` split into its parts, or undefined for another technology. */
export function parseLocal(channel: string): { exten: string; context: string } | undefined {
  const match = /^Local\/([^@/]+)@([^/]+)(\/[a-z]*)?$/i.exec(channel.trim());
  if (match === null) return undefined;
  return { exten: match[1] as string, context: match[2] as string };
}

/**
 * @internal `OriginateResponse`, as `fast_originate` in Asterisk's manager.c builds it: the ActionID first,
 * then one `ChanVariable(<channel>): NAME=value` per channelvar when a channel exists.
 */
export function originateResponse(
  params: OriginateParams,
  outcome: OriginateOutcome,
  channel: ChannelState | undefined,
  channelvars: readonly string[],
): FieldList {
  const callerId = params.callerId !== undefined ? parseCallerId(params.callerId) : undefined;
  const fields: FieldList = [
    ["Event", "OriginateResponse"],
    ["Privilege", "call,all"],
  ];
  if (params.actionId !== undefined) fields.push(["ActionID", params.actionId]);
  fields.push(
    ["Response", outcome.answered ? "Success" : "Failure"],
    ["Channel", outcome.answered && channel !== undefined ? channel.name : params.channel],
  );
  if (params.application !== undefined) {
    fields.push(["Application", params.application], ["Data", params.data ?? ""]);
  } else {
    fields.push(["Context", params.context ?? ""], ["Exten", params.exten ?? ""]);
  }
  fields.push(
    ["Reason", outcome.answered ? "4" : String(outcome.reason)],
    [
      "Uniqueid",
      outcome.answered && channel !== undefined ? channel.uniqueid : (params.channelId ?? "<unknown>"),
    ],
    ["CallerIDNum", callerId?.number || "<unknown>"],
    ["CallerIDName", callerId?.name || "<unknown>"],
  );
  if (outcome.answered && channel !== undefined) {
    for (const name of channelvars) {
      fields.push([`ChanVariable(${channel.name})`, `${name}=${channel.variables.get(name) ?? ""}`]);
    }
  }
  return fields;
}
