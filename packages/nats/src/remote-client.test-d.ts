// Compile-time checks (run by `tsc --noEmit`): the remote client is typed like the direct client.
import type { AmiClient, AmiClientState, AmiEventReader, AmiLagged, AmiResponse } from "@amikit/client";
import type { ActionResponse, EventOf, ListItemEvent } from "@amikit/definitions";
import type { Observable } from "rxjs";
import { expectTypeOf } from "vitest";
import type { AmiRemoteClient } from "./index.ts";

declare const remote: AmiRemoteClient;

// Application code written against the direct client's members accepts a remote client.
type Shared =
  | "action"
  | "action$"
  | "list"
  | "list$"
  | "command"
  | "originate"
  | "send"
  | "events$"
  | "events"
  | "lagged$"
  | "on"
  | "state$"
  | "close";
export const surface: Pick<AmiClient, Shared> = remote;
// Each shared member has exactly the direct client's type (state$ is narrowed to the remote state).
expectTypeOf<AmiRemoteClient["action"]>().toEqualTypeOf<AmiClient["action"]>();
expectTypeOf<AmiRemoteClient["action$"]>().toEqualTypeOf<AmiClient["action$"]>();
expectTypeOf<AmiRemoteClient["list"]>().toEqualTypeOf<AmiClient["list"]>();
expectTypeOf<AmiRemoteClient["list$"]>().toEqualTypeOf<AmiClient["list$"]>();
expectTypeOf<AmiRemoteClient["send"]>().toEqualTypeOf<AmiClient["send"]>();
expectTypeOf<AmiRemoteClient["events"]>().toEqualTypeOf<AmiClient["events"]>();
expectTypeOf<AmiRemoteClient["lagged$"]>().toEqualTypeOf<AmiClient["lagged$"]>();

export const pong: Promise<ActionResponse<"Ping">> = remote.action("Ping");
export const hangups: Observable<EventOf<"Hangup">> = remote.on("Hangup");
export const states: Observable<AmiClientState> = remote.state$;
export const lines: Promise<string[]> = remote.command("core show uptime");
export const pong$: Observable<ActionResponse<"Ping">> = remote.action$("Ping");
export const members$: Observable<ListItemEvent<"QueueStatus">> = remote.list$("QueueStatus");
export const sent: Promise<AmiResponse> = remote.send({ Action: "Getvar", Variable: "x" });
export const reader: AmiEventReader = remote.events({ size: 10, overflow: "drop-oldest", names: ["Hangup"] });
export const lagged: Observable<AmiLagged> = remote.lagged$;

// @ts-expect-error Originate needs a Channel, as with the direct client
remote.originate({ Application: "Echo" });
// @ts-expect-error Getvar's parameters are checked too
remote.action("Getvar", { NoSuchHeader: "x" });
// @ts-expect-error action$ checks parameters like action()
remote.action$("Getvar", { NoSuchHeader: "x" });
// @ts-expect-error the overflow policy is one of two
remote.events({ overflow: "drop-newest" });
