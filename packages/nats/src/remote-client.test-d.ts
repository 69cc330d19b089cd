// Compile-time checks (run by `tsc --noEmit`): the remote client is typed like the direct client.
import type { AmiClient, AmiClientState } from "@amikit/client";
import type { ActionResponse, EventOf } from "@amikit/definitions";
import type { Observable } from "rxjs";
import type { AmiRemoteClient } from "./index.ts";

declare const remote: AmiRemoteClient;

// Application code written against the direct client's members accepts a remote client.
export const surface: Pick<
  AmiClient,
  "action" | "list" | "command" | "originate" | "events$" | "on" | "state$" | "close"
> = remote;

export const pong: Promise<ActionResponse<"Ping">> = remote.action("Ping");
export const hangups: Observable<EventOf<"Hangup">> = remote.on("Hangup");
export const states: Observable<AmiClientState> = remote.state$;
export const lines: Promise<string[]> = remote.command("core show uptime");

// @ts-expect-error Originate needs a Channel, as with the direct client
remote.originate({ Application: "Echo" });
// @ts-expect-error Getvar's parameters are checked too
remote.action("Getvar", { NoSuchHeader: "x" });
