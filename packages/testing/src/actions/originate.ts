import { LocalCall } from "../channels/local-call.ts";
import { type OriginateParams, originateResponse, parseLocal } from "../channels/originate-response.ts";
import type { ActionRequest } from "../request.ts";
import type { ServerCore } from "../server-core.ts";

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(true|yes|1|on)$/i.test(value.trim());
}

/**
 * Originate: a `Local/exten@context` channel runs the fake's dialplan with the event flow of Asterisk 22;
 * an unknown extension fails as Asterisk does (sync: `Originate failed`; async: OriginateResponse
 * `Failure`). Other technologies fail like an unreachable endpoint (script them with `fake.handle`).
 */
export function originate(request: ActionRequest, server: ServerCore): void | Promise<void> {
  const channel = request.get("Channel");
  if (channel === undefined || channel.trim().length === 0) {
    request.error("Channel not specified");
    return;
  }
  const variables: [string, string][] = [];
  for (const [name, value] of request.packet.fields) {
    if (name.toLowerCase() !== "variable") continue;
    for (const assignment of value.split(",")) {
      const equals = assignment.indexOf("=");
      if (equals > 0) variables.push([assignment.slice(0, equals), assignment.slice(equals + 1)]);
    }
  }
  const params: OriginateParams = {
    channel: channel.trim(),
    context: request.get("Context"),
    exten: request.get("Exten"),
    priority: request.get("Priority"),
    application: request.get("Application"),
    data: request.get("Data"),
    callerId: request.get("CallerID"),
    variables,
    channelId: request.get("ChannelId"),
    otherChannelId: request.get("OtherChannelId"),
    async: isTrue(request.get("Async")),
    actionId: request.actionId,
  };
  const target = parseLocal(params.channel);
  const call = target !== undefined ? new LocalCall(server, params, target) : undefined;

  if (params.async) {
    request.success("Originate successfully queued");
    if (call !== undefined) void call.start();
    else server.emitFields(originateResponse(params, { answered: false, reason: 0 }, undefined, []));
    return;
  }
  if (call === undefined) {
    request.error("Originate failed");
    return;
  }
  if (!call.routable) {
    request.error("Originate failed");
    void call.start();
    return;
  }
  // A synchronous Originate holds the session until the call is answered or fails, as in Asterisk.
  return call.start().then((outcome) => {
    if (outcome.answered) request.success("Originate successfully queued");
    else request.error("Originate failed");
  });
}
