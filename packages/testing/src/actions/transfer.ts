import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";
import { transferTarget } from "./transfer-target.ts";

/**
 * BlindTransfer, as main/manager.c `action_blind_transfer` answers it: `No channel specified`, `No
 * extension specified`, `Channel specified does not exist`; then `ast_bridge_transfer_blind`'s result —
 * `Transfer invalid` for a channel in no bridge, `Transfer succeeded` (the fake transfers the peer of a
 * `Dial(Local/…)` bridge; see FACTS.md), `Transfer failed` otherwise. `Context` defaults to the channel's.
 */
export function blindTransfer(request: ActionRequest, server: ServerCore): void {
  const target = transferTarget(request, server);
  if (target === undefined) return;
  const { channel, exten } = target;
  const context = request.nonEmpty("Context") ?? channel.context;
  const bridge = channel.bridgeId === "" ? undefined : server.channels.findBridge(channel.bridgeId);
  if (bridge === undefined) {
    request.error("Transfer invalid");
    return;
  }
  const transfer = bridge.blindTransfer;
  if (transfer === undefined) {
    request.error("Transfer failed");
    return;
  }
  request.success("Transfer succeeded");
  transfer(channel, context, exten);
}
