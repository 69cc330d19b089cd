// Type tests, checked by `pnpm typecheck` (tsc); never executed.
import type { AmiFieldValue as CodecFieldValue } from "@amikit/codec";
import type {
  ActionResponse,
  AmiFieldValue,
  AmiGenericParams,
  CoreShowChannelEvent,
  CoreShowChannelsCompleteEvent,
  EventOf,
  HangupEvent,
  NewchannelEvent,
  OriginateResponseEvent,
} from "@amikit/definitions";
import type { Observable } from "rxjs";
import { expectTypeOf } from "vitest";
import type { AmiClient } from "./ami-client.ts";
import { boundedConcatMap } from "./bounded-concat-map.ts";
import { ofEvent } from "./operators.ts";
import type { AmiEvent, AmiResponse } from "./types.ts";

declare const client: AmiClient;

// One header-value type: what the definitions type as a parameter value is exactly what the encoder takes.
expectTypeOf<AmiFieldValue>().toEqualTypeOf<CodecFieldValue>();
expectTypeOf<Parameters<AmiClient["send"]>[0]>().toEqualTypeOf<AmiGenericParams>();

// Required parameters are enforced for known actions.
// @ts-expect-error Channel is required by Originate
void client.action("Originate", {});
// @ts-expect-error Originate has required parameters, so params cannot be omitted
void client.action("Originate");
// @ts-expect-error Getvar requires Variable
void client.action("Getvar", { Channel: "x" });
void client.action("Originate", { Channel: "Local/100@test", Exten: "100", Context: "test", Priority: 1 });
// @ts-expect-error the definitions know Originate's parameters; a misspelt one is caught
void client.action("Originate", { Channel: "x", Chanel: "y" });

// Actions without required parameters take none.
void client.action("Ping");
void client.action("CoreShowChannels", undefined, { timeout: 1000 });

// Unknown actions are accepted with generic params and a generic answer.
void client.action("MyModuleAction", { Anything: "goes", Count: 3, Flag: true, Many: ["a", "b"] });
expectTypeOf(client.action("MyModuleAction")).resolves.toEqualTypeOf<AmiResponse>();

// Answers and list items are typed by the definitions.
expectTypeOf(client.action("Ping")).resolves.toEqualTypeOf<ActionResponse<"Ping">>();
const channels = await client.list("CoreShowChannels");
expectTypeOf(channels.events).toEqualTypeOf<readonly CoreShowChannelEvent[]>();
expectTypeOf(channels.complete).toEqualTypeOf<CoreShowChannelsCompleteEvent | undefined>();
expectTypeOf(client.list$("CoreShowChannels")).toEqualTypeOf<Observable<CoreShowChannelEvent>>();

// ofEvent and on() narrow to the definitions' event types.
const hangups = client.events$.pipe(ofEvent("Hangup"));
expectTypeOf(hangups).toEqualTypeOf<Observable<EventOf<"Hangup">>>();
expectTypeOf(hangups).toEqualTypeOf<Observable<HangupEvent>>();
expectTypeOf(client.on("Hangup", "Newchannel")).toEqualTypeOf<Observable<HangupEvent | NewchannelEvent>>();
// Unknown event names give the generic packet.
expectTypeOf(client.on("MyCustomEvent")).toEqualTypeOf<Observable<EventOf<"MyCustomEvent">>>();
expectTypeOf<EventOf<"MyCustomEvent">>().toEqualTypeOf<AmiEvent>();
// @ts-expect-error ofEvent needs at least one name
ofEvent();

// originate resolves with the OriginateResponse event and does not take Async.
expectTypeOf(
  client.originate({ Channel: "Local/1@test", Application: "Wait" }),
).resolves.toEqualTypeOf<OriginateResponseEvent>();
// @ts-expect-error originate always sends Async: true
void client.originate({ Channel: "Local/1@test", Async: false });

// command resolves with lines; send is untyped.
expectTypeOf(client.command("core show version")).resolves.toEqualTypeOf<string[]>();
expectTypeOf(client.send({ Action: "Ping" })).resolves.toEqualTypeOf<AmiResponse>();

// boundedConcatMap keeps the projected type, and drop-oldest cannot be used without onLagged.
const written = client.events$.pipe(
  ofEvent("Hangup"),
  boundedConcatMap(async (hangup) => hangup.Cause, { size: 10 }),
);
expectTypeOf(written).toEqualTypeOf<Observable<string>>();
// @ts-expect-error drop-oldest without onLagged would lose events silently
boundedConcatMap(async () => 1, { size: 10, overflow: "drop-oldest" });
boundedConcatMap(async () => 1, { size: 10, overflow: "drop-oldest", onLagged: ({ total }) => total });

// Per-action whenDisconnected takes "queue" or "fail" only; connect() takes an optional signal.
void client.action("Ping", {}, { whenDisconnected: "fail" });
void client.command("core show uptime", { whenDisconnected: "queue" });
// @ts-expect-error only "queue" or "fail"
void client.action("Ping", {}, { whenDisconnected: "later" });
void client.connect({ signal: AbortSignal.timeout(1000) });
