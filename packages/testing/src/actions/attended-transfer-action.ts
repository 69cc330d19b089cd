import { varSet } from "../channels/channel-events.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";
import { transferTarget } from "./transfer-target.ts";

/**
 * Atxfer, as main/manager.c `action_atxfer` answers it: `No channel specified`, `No extension specified`,
 * `Channel specified does not exist` (recorded); else `Atxfer successfully queued`, then TRANSFER_CONTEXT
 * set on the channel when `Context` is given, and the attended-transfer feature (`*2` and the digits) played
 * into it. The fake transfers the caller of a `Dial(Local/…)` bridge (see FACTS.md); for any other channel
 * only the response and TRANSFER_CONTEXT follow (UNVERIFIED).
 */
export function atxfer(request: ActionRequest, server: ServerCore): void {
  const target = transferTarget(request, server);
  if (target === undefined) return;
  const { channel, exten } = target;
  const context = request.nonEmpty("Context");
  request.success("Atxfer successfully queued");
  if (context !== undefined) {
    channel.variables.set("TRANSFER_CONTEXT", context);
    server.emitFields(varSet(channel, server.options.channelvars, "TRANSFER_CONTEXT", context));
  }
  const bridge = channel.bridgeId === "" ? undefined : server.channels.findBridge(channel.bridgeId);
  bridge?.attendedTransfer?.(channel, context ?? channel.context, exten);
}
