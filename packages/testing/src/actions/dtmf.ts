import { receiveDigit } from "../channels/features.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(true|yes|1|on|y|t)$/i.test(value.trim());
}

/**
 * PlayDTMF, as apps/app_senddtmf.c `manager_play_dtmf` answers it: `Channel not found`, `No digit
 * specified`, `Could not convert Duration parameter`, else `DTMF successfully queued`. With `Receive: true`
 * the digit is queued as if the channel had received it: a DTMFEnd with `Direction: Received` follows (and
 * may activate a dynamic feature). Without it the digit is played to the far end, which the fake does not
 * model (no event).
 */
export function playDtmf(request: ActionRequest, server: ServerCore): void {
  const found = server.channels.find(request.get("Channel") ?? "");
  if (found === undefined) {
    request.error("Channel not found");
    return;
  }
  const digit = request.nonEmpty("Digit");
  if (digit === undefined) {
    request.error("No digit specified");
    return;
  }
  const duration = request.nonEmpty("Duration");
  if (duration !== undefined && !/^\s*\d+/.test(duration)) {
    request.error("Could not convert Duration parameter");
    return;
  }
  request.success("DTMF successfully queued");
  if (!isTrue(request.get("Receive"))) return;
  const channel = found.channel;
  const durationMs = duration === undefined ? 0 : Number.parseInt(duration, 10);
  // The frame is read by the channel's own thread, after the response.
  setTimeout(() => {
    if (server.channels.find(channel.name)?.channel === channel)
      receiveDigit(server, channel, digit[0] as string, durationMs);
  }, 0);
}
