import type { ChannelState } from "../channels/channel.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";

/**
 * The channel and extension of a transfer action (BlindTransfer, Atxfer), checked as main/manager.c's
 * `action_blind_transfer` and `action_atxfer` both check them: `No channel specified`, `No extension
 * specified`, `Channel specified does not exist`. On one of those the error is answered and the result is
 * `undefined`.
 */
export function transferTarget(
  request: ActionRequest,
  server: ServerCore,
): { channel: ChannelState; exten: string } | undefined {
  const name = request.nonEmpty("Channel");
  if (name === undefined) {
    request.error("No channel specified");
    return undefined;
  }
  const exten = request.nonEmpty("Exten");
  if (exten === undefined) {
    request.error("No extension specified");
    return undefined;
  }
  const found = server.channels.find(name);
  if (found === undefined) {
    request.error("Channel specified does not exist");
    return undefined;
  }
  return { channel: found.channel, exten };
}
