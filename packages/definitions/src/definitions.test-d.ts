// Type tests, checked by `tsc` (the package's typecheck script); nothing here runs.
import { expectTypeOf } from "vitest";
import type * as Asterisk18 from "./asterisk-18.ts";
import type * as Asterisk21 from "./asterisk-21.ts";
import type * as Asterisk22 from "./asterisk-22.ts";
import type * as Asterisk23 from "./asterisk-23.ts";
import type {
  ActionName,
  ActionParams,
  ActionResponse,
  AmiEventHeaders,
  AmiGenericPacket,
  AmiGenericParams,
  BridgeEnterEvent,
  CoreShowChannelEvent,
  CoreShowChannelsCompleteEvent,
  DocumentedEvent,
  EventName,
  EventOf,
  ListCompleteEvent,
  ListItemEvent,
  NewchannelEvent,
  OriginateResponse,
  OriginateResponseEvent,
} from "./index.ts";

/** Typed like the client's `action()`, so the checks below are what a caller of the client sees. */
declare function action<A extends string>(name: A, params: ActionParams<A>): Promise<ActionResponse<A>>;

// Originate: Channel is required.
// @ts-expect-error Channel is missing
void action("Originate", {});
// @ts-expect-error Channel is missing
void action("Originate", { Exten: "100", Context: "default", Priority: 1 });
void action("Originate", {
  Channel: "PJSIP/100",
  Exten: "100",
  Context: "default",
  Priority: 1,
  Async: "true",
});
void action("Originate", { Channel: "PJSIP/100", Variable: { FOO: "1", BAR: "2" } });
void action("Originate", { Channel: "PJSIP/100", Variable: ["FOO=1", "BAR=2"] });
// @ts-expect-error Variable takes strings, arrays or records, not numbers
void action("Originate", { Channel: "PJSIP/100", Variable: 5 });
// @ts-expect-error a header the action does not document
void action("Originate", { Channel: "PJSIP/100", Chanel: "typo" });
// @ts-expect-error ActionID is set by the client, never a parameter
void action("Ping", { ActionID: "mine" });
void action("Ping", {});
// @ts-expect-error Ping documents no parameters
void action("Ping", { Foo: "x" });
expectTypeOf<"true">().toExtend<NonNullable<ActionParams<"Originate">["Async"]>>();

// Closed enums reject other values; open (descriptive) ones accept any string.
void action("ControlPlayback", { Channel: "PJSIP/100", Control: "pause" });
// @ts-expect-error not a documented Control value
void action("ControlPlayback", { Channel: "PJSIP/100", Control: "rewind" });
void action("Events", { EventMask: "call,system" });
void action("ModuleLoad", { LoadType: "load", Module: "res_pjsip.so" });
// Free-form actions take further headers.
void action("UserEvent", { UserEvent: "Mine", Header1: "a", Header2: "b" });

// Responses: every response has Response, optional ActionID and Message; undocumented headers stay readable.
expectTypeOf<ActionResponse<"Originate">>().toEqualTypeOf<OriginateResponse>();
expectTypeOf<OriginateResponse["Response"]>().toEqualTypeOf<string>();
expectTypeOf<OriginateResponse["ActionID"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<OriginateResponse["Message"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<ActionResponse<"Command">["Output"]>().toEqualTypeOf<string | string[] | undefined>();
// The event named OriginateResponse is a different type.
expectTypeOf<EventOf<"OriginateResponse">>().toEqualTypeOf<OriginateResponseEvent>();
expectTypeOf<OriginateResponseEvent["Event"]>().toEqualTypeOf<"OriginateResponse">();

// Events.
expectTypeOf<EventOf<"Newchannel">>().toEqualTypeOf<NewchannelEvent>();
expectTypeOf<EventOf<"Newchannel">["Channel"]>().toEqualTypeOf<string>();
expectTypeOf<EventOf<"Newchannel">["Uniqueid"]>().toEqualTypeOf<string>();
expectTypeOf<EventOf<"Newchannel">["Linkedid"]>().toEqualTypeOf<string>();
expectTypeOf<EventOf<"Newchannel">["Privilege"]>().toEqualTypeOf<string>();
expectTypeOf<EventOf<"Newchannel">["SystemName"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<EventOf<"Newchannel">["ChanVariable"]>().toEqualTypeOf<string | string[] | undefined>();
expectTypeOf<"Up">().toExtend<EventOf<"Newchannel">["ChannelStateDesc"]>();
expectTypeOf<EventOf<"BridgeEnter">>().toEqualTypeOf<BridgeEnterEvent>();
expectTypeOf<BridgeEnterEvent["BridgeUniqueid"]>().toEqualTypeOf<string>();
expectTypeOf<BridgeEnterEvent["BridgeType"]>().toEqualTypeOf<string>();
expectTypeOf<BridgeEnterEvent["BridgeTechnology"]>().toEqualTypeOf<string>();
expectTypeOf<BridgeEnterEvent["BridgeCreator"]>().toEqualTypeOf<string>();
expectTypeOf<BridgeEnterEvent["BridgeName"]>().toEqualTypeOf<string>();
expectTypeOf<BridgeEnterEvent["BridgeNumChannels"]>().toEqualTypeOf<string>();
expectTypeOf<BridgeEnterEvent["BridgeVideoSource"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<BridgeEnterEvent["Channel"]>().toEqualTypeOf<string>();
// Presence corrections from real traffic.
expectTypeOf<EventOf<"Hangup">["TechCause"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<EventOf<"Hangup">["Cause-txt"]>().toEqualTypeOf<string>();
expectTypeOf<OriginateResponseEvent["Context"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<EventOf<"DialBegin">["Channel"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<EventOf<"DialBegin">["DestChannel"]>().toEqualTypeOf<string>();
expectTypeOf<EventOf<"UserEvent">["Header1"]>().toEqualTypeOf<string | string[] | undefined>();
declare const newchannel: NewchannelEvent;
// @ts-expect-error events have no undocumented headers (unless free-form)
void newchannel.Chanel;

// Lists.
expectTypeOf<ListItemEvent<"CoreShowChannels">>().toEqualTypeOf<CoreShowChannelEvent>();
expectTypeOf<ListCompleteEvent<"CoreShowChannels">>().toEqualTypeOf<CoreShowChannelsCompleteEvent>();
expectTypeOf<ListItemEvent<"CoreShowChannels">["Privilege"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<ListItemEvent<"QueueStatus">["Event"]>().toEqualTypeOf<
  "QueueEntry" | "QueueMember" | "QueueParams"
>();
expectTypeOf<ListItemEvent<"Originate">>().toBeNever();
expectTypeOf<ListCompleteEvent<"Originate">>().toBeNever();

// Unknown actions and events stay usable.
expectTypeOf<ActionParams<"MyModuleAction">>().toEqualTypeOf<AmiGenericParams>();
expectTypeOf<ActionResponse<"MyModuleAction">>().toEqualTypeOf<AmiGenericPacket>();
expectTypeOf<ListItemEvent<"MyModuleAction">>().toEqualTypeOf<AmiGenericPacket>();
expectTypeOf<EventOf<"MyModuleEvent">>().toEqualTypeOf<AmiGenericPacket>();
void action("MyModuleAction", { Anything: "goes", Count: 3, Items: ["a", "b"] });

// Names and narrowing.
expectTypeOf<"Originate">().toExtend<ActionName>();
expectTypeOf<"Newexten">().toExtend<EventName>();
// @ts-expect-error the XML spells it NewExten; the wire (and the types) say Newexten
expectTypeOf<"NewExten">().toExtend<EventName>();
declare const any: DocumentedEvent;
if (any.Event === "Newchannel") expectTypeOf(any).toEqualTypeOf<NewchannelEvent>();

// Per-release entry points: exact types of one release.
expectTypeOf<"SIPpeers">().toExtend<Asterisk18.ActionName>();
// @ts-expect-error chan_sip was removed before Asterisk 22
expectTypeOf<"SIPpeers">().toExtend<Asterisk22.ActionName>();
expectTypeOf<"PJSIPShowMaintenance">().toExtend<Asterisk22.ActionName>();
expectTypeOf<Asterisk18.ActionParams<"PJSIPShowMaintenance">>().toEqualTypeOf<Asterisk18.AmiGenericParams>();
expectTypeOf<Asterisk22.EventOf<"Newchannel">["Linkedid"]>().toEqualTypeOf<string>();

// Headers Asterisk sends only in some cases are optional; headers it always writes are present.
expectTypeOf<BridgeEnterEvent["SwapUniqueid"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<EventOf<"QueueParams">["Queue"]>().toEqualTypeOf<string>();
expectTypeOf<EventOf<"QueueParams">["ServicelevelPerf"]>().toEqualTypeOf<string>();
expectTypeOf<EventOf<"QueueMember">["Queue"]>().toEqualTypeOf<string>();
expectTypeOf<EventOf<"AttendedTransfer">["DestBridgeUniqueid"]>().toEqualTypeOf<string | undefined>();
// CoreShowChannelMap answers with a list (main/manager.c action_coreshowchannelmap).
expectTypeOf<ListItemEvent<"CoreShowChannelMap">["ConnectedChannel"]>().toEqualTypeOf<string>();
expectTypeOf<
  ListCompleteEvent<"CoreShowChannelMap">["Event"]
>().toEqualTypeOf<"CoreShowChannelMapComplete">();

// Headers every event carries come from one base; list items and completions are sent without Privilege.
expectTypeOf<EventOf<"Hangup">>().toExtend<AmiEventHeaders>();
expectTypeOf<AmiEventHeaders["Privilege"]>().toEqualTypeOf<string>();
expectTypeOf<AmiEventHeaders["SystemName"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<AmiEventHeaders["Timestamp"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<ListItemEvent<"CoreShowChannels">["Timestamp"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<EventOf<"Hangup">["Timestamp"]>().toEqualTypeOf<string | undefined>();

// A release holds only what differs from the union, yet each entry point still gives that release's exact types.
expectTypeOf<Asterisk22.EventOf<"Hangup">>().toEqualTypeOf<Asterisk22.HangupEvent>();
expectTypeOf<Asterisk22.HangupEvent["Cause-txt"]>().toEqualTypeOf<string>();
expectTypeOf<Asterisk22.ActionParams<"Originate">["Channel"]>().toEqualTypeOf<string | number | boolean>();
expectTypeOf<Asterisk18.ListItemEvent<"SIPpeers">["Event"]>().toEqualTypeOf<"PeerEntry">();
// MixMonitor's parameters differ between releases: 21 and 22 each have their own.
expectTypeOf<Asterisk21.ActionParams<"MixMonitor">>().toEqualTypeOf<Asterisk21.MixMonitorAction>();
expectTypeOf<Asterisk22.ActionParams<"MixMonitor">>().toEqualTypeOf<Asterisk22.MixMonitorAction>();
// Asterisk 23 documents the same types as 22: its entry point is an alias.
expectTypeOf<Asterisk23.AmiActionMap>().toEqualTypeOf<Asterisk22.AmiActionMap>();
expectTypeOf<Asterisk23.AmiEventMap>().toEqualTypeOf<Asterisk22.AmiEventMap>();
expectTypeOf<Asterisk23.EventOf<"Newchannel">>().toEqualTypeOf<Asterisk22.NewchannelEvent>();
