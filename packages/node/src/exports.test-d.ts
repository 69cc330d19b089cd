// Type tests, checked by `tsc` (the package's typecheck script); nothing here runs. Each line fails to
// compile when @amikit/node stops re-exporting that type; exports.test.ts checks the list is complete.
import type * as Client from "@amikit/client";
import type * as Definitions from "@amikit/definitions";
import { expectTypeOf } from "vitest";
import type * as Runtime from "./index.ts";

// Every runtime value of the client, with the client's type.
expectTypeOf<Pick<typeof Runtime, keyof typeof Client>>().toEqualTypeOf<typeof Client>();

// Every type the client exports.
expectTypeOf<Runtime.AmiClient>().toEqualTypeOf<Client.AmiClient>();
expectTypeOf<Runtime.AmiBoundedOptions>().toEqualTypeOf<Client.AmiBoundedOptions>();
expectTypeOf<Runtime.AmiClientOptions>().toEqualTypeOf<Client.AmiClientOptions>();
expectTypeOf<Runtime.AmiReconnectOptions>().toEqualTypeOf<Client.AmiReconnectOptions>();
expectTypeOf<Runtime.AmiGreetingCheck>().toEqualTypeOf<Client.AmiGreetingCheck>();
expectTypeOf<Runtime.AmiSocket>().toEqualTypeOf<Client.AmiSocket>();
expectTypeOf<Runtime.AmiSocketHandlers>().toEqualTypeOf<Client.AmiSocketHandlers>();
expectTypeOf<Runtime.AmiTarget>().toEqualTypeOf<Client.AmiTarget>();
expectTypeOf<Runtime.AmiTlsOptions>().toEqualTypeOf<Client.AmiTlsOptions>();
expectTypeOf<Runtime.AmiTransport>().toEqualTypeOf<Client.AmiTransport>();
expectTypeOf<Runtime.AmiSocketErrorCode>().toEqualTypeOf<Client.AmiSocketErrorCode>();
expectTypeOf<Runtime.AmiActionArgs<"Originate">>().toEqualTypeOf<Client.AmiActionArgs<"Originate">>();
expectTypeOf<Runtime.AmiActionOptions>().toEqualTypeOf<Client.AmiActionOptions>();
expectTypeOf<Runtime.AmiClientState>().toEqualTypeOf<Client.AmiClientState>();
expectTypeOf<Runtime.AmiClientStatus>().toEqualTypeOf<Client.AmiClientStatus>();
expectTypeOf<Runtime.AmiConnectOptions>().toEqualTypeOf<Client.AmiConnectOptions>();
expectTypeOf<Runtime.AmiEvent>().toEqualTypeOf<Client.AmiEvent>();
expectTypeOf<Runtime.AmiEventReader<Runtime.HangupEvent>>().toEqualTypeOf<
  Client.AmiEventReader<Runtime.HangupEvent>
>();
expectTypeOf<Runtime.AmiEventReaderOptions>().toEqualTypeOf<Client.AmiEventReaderOptions>();
expectTypeOf<Runtime.AmiEventReaderDefaults>().toEqualTypeOf<Client.AmiEventReaderDefaults>();
expectTypeOf<Runtime.AmiEventReaders>().toEqualTypeOf<Client.AmiEventReaders>();
expectTypeOf<Runtime.AmiSendFields>().toEqualTypeOf<Client.AmiSendFields>();
expectTypeOf<Runtime.AmiLagged>().toEqualTypeOf<Client.AmiLagged>();
expectTypeOf<Runtime.AmiListResult<"CoreShowChannels">>().toEqualTypeOf<
  Client.AmiListResult<"CoreShowChannels">
>();
expectTypeOf<Runtime.AmiOriginateParams>().toEqualTypeOf<Client.AmiOriginateParams>();
expectTypeOf<Runtime.AmiOriginateResponse>().toEqualTypeOf<Client.AmiOriginateResponse>();
expectTypeOf<Runtime.AmiResponse>().toEqualTypeOf<Client.AmiResponse>();

// The definitions' types: the generic helpers and the per-action and per-event types.
expectTypeOf<Runtime.ActionName>().toEqualTypeOf<Definitions.ActionName>();
expectTypeOf<Runtime.EventName>().toEqualTypeOf<Definitions.EventName>();
expectTypeOf<Runtime.ActionParams<"Originate">>().toEqualTypeOf<Definitions.ActionParams<"Originate">>();
expectTypeOf<Runtime.ActionResponse<"Ping">>().toEqualTypeOf<Definitions.ActionResponse<"Ping">>();
expectTypeOf<Runtime.ListItemEvent<"CoreShowChannels">>().toEqualTypeOf<
  Definitions.ListItemEvent<"CoreShowChannels">
>();
expectTypeOf<Runtime.ListCompleteEvent<"CoreShowChannels">>().toEqualTypeOf<
  Definitions.ListCompleteEvent<"CoreShowChannels">
>();
expectTypeOf<Runtime.EventOf<"Hangup">>().toEqualTypeOf<Definitions.EventOf<"Hangup">>();
expectTypeOf<Runtime.DocumentedEvent>().toEqualTypeOf<Definitions.DocumentedEvent>();
expectTypeOf<Runtime.AmiFieldValue>().toEqualTypeOf<Definitions.AmiFieldValue>();
expectTypeOf<Runtime.AmiActionMap>().toEqualTypeOf<Definitions.AmiActionMap>();
expectTypeOf<Runtime.AmiEventMap>().toEqualTypeOf<Definitions.AmiEventMap>();
expectTypeOf<Runtime.AmiGenericPacket>().toEqualTypeOf<Definitions.AmiGenericPacket>();
expectTypeOf<Runtime.ActionMetadata>().toEqualTypeOf<Definitions.ActionMetadata>();
expectTypeOf<Runtime.HangupEvent>().toEqualTypeOf<Definitions.HangupEvent>();
expectTypeOf<Runtime.OriginateAction>().toEqualTypeOf<Definitions.OriginateAction>();
expectTypeOf<Runtime.OriginateResponse>().toEqualTypeOf<Definitions.OriginateResponse>();
expectTypeOf<Runtime.CoreShowChannelEvent>().toEqualTypeOf<Definitions.CoreShowChannelEvent>();
// A typo'd event name is not a type of the package.
// @ts-expect-error HangupEvents does not exist
export type NotAnEvent = Runtime.HangupEvents;
