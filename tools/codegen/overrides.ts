/**
 * Corrections to Asterisk's XML documentation, each with the reason it is needed.
 *
 * The generator applies them per release, only where the named action or event exists in that
 * release's XML (an override for chan_sip simply does nothing for Asterisk 21+). Names and presence
 * facts only: no prose is copied from the XML. Transcripts cited are under `shared/transcripts/asterisk-22`.
 */

/** A header fact the XML gets wrong or leaves out. */
export interface HeaderOverride {
  readonly name: string;
  readonly presence: "present" | "optional";
  readonly repeatable?: boolean;
}

/** A snapshot block (`<channel_snapshot prefix="Dest"/>`), expanded with the release's appdocsxml.xslt. */
export interface SnapshotReference {
  readonly template: "channel_snapshot" | "bridge_snapshot";
  readonly prefix: string;
}

/** Gives an event the XML spells differently from the wire its wire name. */
export interface EventRenameOverride {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/** Gives a header the XML spells differently from the wire its wire name (Asterisk sends it verbatim). */
export interface HeaderRenameOverride {
  readonly event: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/** An action that answers with a list of events which the XML does not describe as such. */
export interface ListActionOverride {
  readonly action: string;
  readonly listItemEvents: readonly string[];
  readonly completeEvent: string;
  readonly reason: string;
}

/**
 * An event the XML does not document at all (typically a list item sent with astman_append).
 * Its type accepts any further header, since nothing vouches that the list below is complete.
 */
export interface UndocumentedEventOverride {
  readonly event: string;
  readonly module: string;
  readonly headers: readonly HeaderOverride[];
  readonly snapshots?: readonly SnapshotReference[];
  readonly reason: string;
}

/** A header the XML documents as always sent that Asterisk leaves out in some cases. */
export interface PresenceOverride {
  readonly event: string;
  readonly headers: readonly string[];
  readonly reason: string;
}

/** A whole snapshot the XML documents that Asterisk leaves out in some cases. */
export interface OptionalSnapshotOverride {
  readonly event: string;
  readonly snapshot: SnapshotReference;
  readonly reason: string;
}

/** A header real traffic carries that the XML does not document. */
export interface ExtraHeaderOverride {
  readonly event: string;
  readonly headers: readonly HeaderOverride[];
  readonly reason: string;
}

/** An action parameter that may be sent several times (`Variable: a=1`, `Variable: b=2`). */
export interface MultiValueParamOverride {
  readonly action: string;
  readonly param: string;
  readonly reason: string;
}

/** An action or event that carries free-form headers beyond the documented ones. */
export interface OpenOverride {
  readonly name: string;
  readonly reason: string;
}

/** An action parameter whose documented values are examples, not the complete set. */
export interface OpenEnumOverride {
  readonly action: string;
  readonly param: string;
  readonly reason: string;
}

/** Response headers of an action (the XML documents none). Typed optional: error responses lack them. */
export interface ResponseHeadersOverride {
  readonly action: string;
  readonly headers: readonly HeaderOverride[];
  readonly reason: string;
}

/** Every correction, by kind. */
export interface Overrides {
  readonly renamedEvents: readonly EventRenameOverride[];
  readonly renamedHeaders: readonly HeaderRenameOverride[];
  readonly listActions: readonly ListActionOverride[];
  readonly undocumentedEvents: readonly UndocumentedEventOverride[];
  readonly presence: readonly PresenceOverride[];
  readonly optionalSnapshots: readonly OptionalSnapshotOverride[];
  readonly extraHeaders: readonly ExtraHeaderOverride[];
  readonly multiValueParams: readonly MultiValueParamOverride[];
  readonly openActions: readonly OpenOverride[];
  readonly openEvents: readonly OpenOverride[];
  readonly openEnumParams: readonly OpenEnumOverride[];
  readonly responseHeaders: readonly ResponseHeadersOverride[];
}

const LIST_COMPLETE: readonly HeaderOverride[] = [
  { name: "EventList", presence: "present" },
  { name: "ListItems", presence: "present" },
];
const optional = (...names: string[]): HeaderOverride[] =>
  names.map((name) => ({ name, presence: "optional" }));
const present = (...names: string[]): HeaderOverride[] =>
  names.map((name) => ({ name, presence: "present" }));

const notMarked = (source: string): string =>
  `The XML documents neither the list nor its events; ${source} sends them with astman_send_listack / astman_send_list_complete_start.`;
const itemReason = (source: string): string =>
  `List item not documented in the XML; header names from ${source}, typed optional.`;
const sourceReason = (source: string): string =>
  `List item not documented in the XML; header names from ${source}, which writes every one of them in a single format string, so each is typed present.`;
const completeReason = (source: string): string =>
  `List completion not documented in the XML; ${source} ends the list with astman_send_list_complete_start, which always sends EventList and ListItems.`;

/** The corrections applied to every generation (also to a user's own XML). */
export const overrides: Overrides = {
  renamedEvents: [
    {
      from: "NewExten",
      to: "Newexten",
      reason:
        "The XML names the event NewExten, but Asterisk sends `Event: Newexten` (originate-call, call-burst transcripts).",
    },
  ],

  renamedHeaders: [
    {
      event: "QueueParams",
      from: "ServiceLevelPerf",
      to: "ServicelevelPerf",
      reason:
        "The XML capitalises the L, but apps/app_queue.c manager_queues_status writes `ServicelevelPerf:`.",
    },
    {
      event: "QueueParams",
      from: "ServiceLevelPerf2",
      to: "ServicelevelPerf2",
      reason:
        "The XML capitalises the L, but apps/app_queue.c manager_queues_status writes `ServicelevelPerf2:`.",
    },
  ],

  listActions: [
    {
      action: "Agents",
      listItemEvents: ["Agents"],
      completeEvent: "AgentsComplete",
      reason: "Both events are documented, but not in the action's <responses> (app_agent_pool.c).",
    },
    {
      action: "BridgeList",
      listItemEvents: ["BridgeListItem"],
      completeEvent: "BridgeListComplete",
      reason: notMarked("main/manager_bridges.c"),
    },
    {
      action: "BridgeTechnologyList",
      listItemEvents: ["BridgeTechnologyListItem"],
      completeEvent: "BridgeTechnologyListComplete",
      reason: notMarked("main/bridge.c manager_bridge_tech_list"),
    },
    {
      action: "ConfbridgeList",
      listItemEvents: ["ConfbridgeList"],
      completeEvent: "ConfbridgeListComplete",
      reason: notMarked("app_confbridge.c"),
    },
    {
      action: "ConfbridgeListRooms",
      listItemEvents: ["ConfbridgeListRooms"],
      completeEvent: "ConfbridgeListRoomsComplete",
      reason: notMarked("app_confbridge.c"),
    },
    {
      action: "CoreShowChannelMap",
      listItemEvents: ["CoreShowChannelMap"],
      completeEvent: "CoreShowChannelMapComplete",
      reason:
        "The completion event is documented but the action's <responses> are not; main/manager.c action_coreshowchannelmap sends one CoreShowChannelMap event per connected channel between astman_send_listack and astman_send_list_complete_start.",
    },
    {
      action: "DAHDIShowChannels",
      listItemEvents: ["DAHDIShowChannels"],
      completeEvent: "DAHDIShowChannelsComplete",
      reason: notMarked("channels/chan_dahdi.c action_dahdishowchannels"),
    },
    {
      action: "DBGet",
      listItemEvents: ["DBGetResponse"],
      completeEvent: "DBGetComplete",
      reason: notMarked("main/db.c manager_dbget"),
    },
    {
      action: "DBGetTree",
      listItemEvents: ["DBGetTreeResponse"],
      completeEvent: "DBGetTreeComplete",
      reason: notMarked("main/db.c"),
    },
    {
      action: "FAXSessions",
      listItemEvents: ["FAXSessionsEntry"],
      completeEvent: "FAXSessionsComplete",
      reason: "Both events are documented, but not in the action's <responses> (res_fax.c).",
    },
    {
      action: "IAXpeerlist",
      listItemEvents: ["PeerEntry"],
      completeEvent: "PeerlistComplete",
      reason: notMarked("channels/chan_iax2.c manager_iax2_show_peer_list"),
    },
    {
      action: "IAXpeers",
      listItemEvents: ["PeerEntry"],
      completeEvent: "PeerlistComplete",
      reason: notMarked("channels/chan_iax2.c manager_iax2_show_peers"),
    },
    {
      action: "IAXregistry",
      listItemEvents: ["RegistryEntry"],
      completeEvent: "RegistrationsComplete",
      reason: notMarked("channels/chan_iax2.c manager_iax2_show_registry"),
    },
    {
      action: "MWIGet",
      listItemEvents: ["MWIGet"],
      completeEvent: "MWIGetComplete",
      reason: "Both events are documented, but not in the action's <responses> (main/manager_mwi.c).",
    },
    {
      action: "MeetmeList",
      listItemEvents: ["MeetmeList"],
      completeEvent: "MeetmeListComplete",
      reason: notMarked("app_meetme.c"),
    },
    {
      action: "MeetmeListRooms",
      listItemEvents: ["MeetmeListRooms"],
      completeEvent: "MeetmeListRoomsComplete",
      reason: notMarked("app_meetme.c"),
    },
    {
      action: "PJSIPShowRegistrationInboundContactStatuses",
      listItemEvents: ["ContactStatusDetail"],
      completeEvent: "ContactStatusDetailComplete",
      reason: notMarked("res_pjsip_registrar.c"),
    },
    {
      action: "PJSIPShowRegistrationsInbound",
      listItemEvents: ["InboundRegistrationDetail"],
      completeEvent: "InboundRegistrationDetailComplete",
      reason: notMarked("res_pjsip_registrar.c"),
    },
    {
      action: "PJSIPShowRegistrationsOutbound",
      listItemEvents: ["AuthDetail", "OutboundRegistrationDetail"],
      completeEvent: "OutboundRegistrationDetailComplete",
      reason:
        "The XML documents neither the list nor its events; res/res_pjsip_outbound_registration.c ami_show_outbound_registrations sends them with astman_send_listack / astman_send_list_complete_start, and ami_outbound_registration_task follows each OutboundRegistrationDetail with one AuthDetail per outbound_auth (ast_sip_format_auths_ami).",
    },
    {
      action: "PJSIPShowResourceLists",
      listItemEvents: ["ResourceListDetail"],
      completeEvent: "ResourceListDetailComplete",
      reason: notMarked("res_pjsip_pubsub.c"),
    },
    {
      action: "PJSIPShowSubscriptionsInbound",
      listItemEvents: ["InboundSubscriptionDetail"],
      completeEvent: "InboundSubscriptionDetailComplete",
      reason: notMarked("res_pjsip_pubsub.c"),
    },
    {
      action: "PJSIPShowSubscriptionsOutbound",
      listItemEvents: ["OutboundSubscriptionDetail"],
      completeEvent: "OutboundSubscriptionDetailComplete",
      reason: notMarked("res_pjsip_pubsub.c"),
    },
    {
      action: "PRIShowSpans",
      listItemEvents: ["PRIShowSpans"],
      completeEvent: "PRIShowSpansComplete",
      reason: notMarked("channels/chan_dahdi.c action_prishowspans"),
    },
    {
      action: "ParkedCalls",
      listItemEvents: ["ParkedCall"],
      completeEvent: "ParkedCallsComplete",
      reason: notMarked("res_parking/parking_manager.c"),
    },
    {
      action: "Parkinglots",
      listItemEvents: ["Parkinglot"],
      completeEvent: "ParkinglotsComplete",
      reason: notMarked("res/parking/parking_manager.c manager_parking_lot_list"),
    },
    {
      action: "QueueStatus",
      listItemEvents: ["QueueEntry", "QueueMember", "QueueParams"],
      completeEvent: "QueueStatusComplete",
      reason: notMarked("app_queue.c"),
    },
    {
      action: "QueueSummary",
      listItemEvents: ["QueueSummary"],
      completeEvent: "QueueSummaryComplete",
      reason: notMarked("app_queue.c"),
    },
    {
      action: "SIPpeers",
      listItemEvents: ["PeerEntry"],
      completeEvent: "PeerlistComplete",
      reason: notMarked("channels/chan_sip.c manager_sip_show_peers"),
    },
    {
      action: "SIPpeerstatus",
      listItemEvents: ["PeerStatus"],
      completeEvent: "SIPpeerstatusComplete",
      reason: notMarked("chan_sip.c"),
    },
    {
      action: "SIPshowregistry",
      listItemEvents: ["RegistryEntry"],
      completeEvent: "RegistrationsComplete",
      reason: notMarked("channels/chan_sip.c manager_show_registry"),
    },
    {
      action: "SKINNYdevices",
      listItemEvents: ["DeviceEntry"],
      completeEvent: "DevicelistComplete",
      reason: notMarked("channels/chan_skinny.c manager_skinny_show_devices"),
    },
    {
      action: "SKINNYlines",
      listItemEvents: ["LineEntry"],
      completeEvent: "LinelistComplete",
      reason: notMarked("channels/chan_skinny.c manager_skinny_show_lines"),
    },
    {
      action: "ShowDialPlan",
      listItemEvents: ["ListDialplan"],
      completeEvent: "ShowDialPlanComplete",
      reason: notMarked("main/pbx.c manager_show_dialplan"),
    },
    {
      action: "VoicemailBoxSummary",
      listItemEvents: ["VoicemailBoxDetail"],
      completeEvent: "VoicemailBoxDetailComplete",
      reason:
        "The XML documents neither the list nor its events; apps/app_voicemail.c manager_get_mailbox_summary (append_vmbox_info_astman) sends one VoicemailBoxDetail per message between astman_send_listack and astman_send_list_complete_start. An unknown mailbox gets a plain Success without a list.",
    },
    {
      action: "VoicemailUsersList",
      listItemEvents: ["VoicemailUserEntry"],
      completeEvent: "VoicemailUserEntryComplete",
      reason: notMarked("app_voicemail.c"),
    },
  ],

  undocumentedEvents: [
    {
      event: "BridgeListItem",
      module: "builtin",
      headers: [],
      snapshots: [{ template: "bridge_snapshot", prefix: "" }],
      reason:
        "List item not documented in the XML; main/manager_bridges.c sends one bridge snapshot per bridge.",
    },
    {
      event: "BridgeListComplete",
      module: "builtin",
      headers: LIST_COMPLETE,
      reason: completeReason("BridgeList"),
    },
    {
      event: "BridgeTechnologyListItem",
      module: "builtin",
      headers: present("BridgeTechnology", "BridgePriority", "BridgeSuspended", "BridgeType"),
      reason: sourceReason("main/bridge.c manager_bridge_tech_list"),
    },
    {
      event: "BridgeTechnologyListComplete",
      module: "builtin",
      headers: LIST_COMPLETE,
      reason: completeReason("BridgeTechnologyList"),
    },
    {
      event: "ConfbridgeListComplete",
      module: "app_confbridge",
      headers: LIST_COMPLETE,
      reason: completeReason("ConfbridgeList"),
    },
    {
      event: "ConfbridgeListRoomsComplete",
      module: "app_confbridge",
      headers: LIST_COMPLETE,
      reason: completeReason("ConfbridgeListRooms"),
    },
    {
      event: "CoreShowChannelMap",
      module: "builtin",
      headers: present("Channel", "ConnectedChannel"),
      reason: sourceReason("main/manager.c action_coreshowchannelmap"),
    },
    {
      event: "DAHDIShowChannels",
      module: "chan_dahdi",
      headers: [
        ...present("Alarm", "Context", "DAHDIChannel", "DND", "Description", "Signalling", "SignallingCode"),
        ...optional("AccountCode", "Channel", "Uniqueid"),
      ],
      reason:
        "List item not documented in the XML; channels/chan_dahdi.c action_dahdishowchannels writes one of two format strings: Channel, Uniqueid and AccountCode only while the DAHDI channel has an owner (a call), the rest always.",
    },
    {
      event: "DAHDIShowChannelsComplete",
      module: "chan_dahdi",
      headers: [...LIST_COMPLETE, ...present("Items")],
      reason:
        "List completion not documented in the XML; channels/chan_dahdi.c action_dahdishowchannels ends the list with astman_send_list_complete_start (EventList, ListItems) and always appends Items.",
    },
    {
      event: "DBGetResponse",
      module: "builtin",
      headers: present("Family", "Key", "Val"),
      reason: sourceReason("main/db.c manager_dbget"),
    },
    { event: "DBGetComplete", module: "builtin", headers: LIST_COMPLETE, reason: completeReason("DBGet") },
    {
      event: "DBGetTreeResponse",
      module: "builtin",
      headers: present("Key", "Val"),
      reason:
        "List item not documented in the XML; main/db.c writes `Key:` and `Val:` (the full key path, so no Family header) in one format string, so both are typed present.",
    },
    {
      event: "DBGetTreeComplete",
      module: "builtin",
      headers: LIST_COMPLETE,
      reason: completeReason("DBGetTree"),
    },
    {
      event: "PeerEntry",
      module: "chan_iax2",
      headers: [
        ...present("ChanObjectType", "Channeltype", "Dynamic", "IPaddress", "ObjectName", "Status"),
        ...optional(
          "ACL",
          "Accountcode",
          "AutoComedia",
          "AutoForcerport",
          "Comedia",
          "Description",
          "Encryption",
          "Forcerport",
          "IPport",
          "Mask",
          "ObjectUsername",
          "Port",
          "RealtimeDevice",
          "TextSupport",
          "Trunk",
          "VideoSupport",
        ),
      ],
      reason:
        "List item not documented in the XML; channels/chan_iax2.c _iax2_show_peers_one (IAXpeers: IPport, Description; IAXpeerlist: Mask, Port, ObjectUsername when the peer has a username; both: Trunk, Encryption) and channels/chan_sip.c _sip_show_peers_one (Asterisk 18 and earlier, one format string with IPport, the NAT/media flags, ACL, RealtimeDevice, Description, Accountcode). Only the headers every variant writes are typed present.",
    },
    {
      event: "PeerlistComplete",
      module: "chan_iax2",
      headers: LIST_COMPLETE,
      reason: completeReason("IAXpeers"),
    },
    {
      event: "RegistryEntry",
      module: "chan_iax2",
      headers: [
        ...present("Host", "Refresh", "State", "Username"),
        ...optional("DNSmanager", "Domain", "DomainPort", "Perceived", "Port", "RegistrationTime"),
      ],
      reason:
        "List item not documented in the XML; channels/chan_iax2.c manager_iax2_show_registry writes Host, DNSmanager, Username, Perceived, Refresh, State and channels/chan_sip.c manager_show_registry (Asterisk 18 and earlier) Host, Port, Username, Domain, DomainPort, Refresh, State, RegistrationTime, each in one format string; the four both write are typed present.",
    },
    {
      event: "RegistrationsComplete",
      module: "chan_iax2",
      headers: LIST_COMPLETE,
      reason: completeReason("IAXregistry"),
    },
    {
      event: "MeetmeListComplete",
      module: "app_meetme",
      headers: LIST_COMPLETE,
      reason: completeReason("MeetmeList"),
    },
    {
      event: "MeetmeListRoomsComplete",
      module: "app_meetme",
      headers: LIST_COMPLETE,
      reason: completeReason("MeetmeListRooms"),
    },
    {
      event: "ContactStatusDetailComplete",
      module: "res_pjsip_registrar",
      headers: LIST_COMPLETE,
      reason: completeReason("PJSIPShowRegistrationInboundContactStatuses"),
    },
    {
      event: "InboundRegistrationDetail",
      module: "res_pjsip_registrar",
      headers: [],
      reason: itemReason("res_pjsip_registrar.c (documented from Asterisk 20)"),
    },
    {
      event: "InboundRegistrationDetailComplete",
      module: "res_pjsip_registrar",
      headers: LIST_COMPLETE,
      reason: completeReason("PJSIPShowRegistrationsInbound"),
    },
    {
      event: "OutboundRegistrationDetail",
      module: "res_pjsip_outbound_registration",
      headers: [],
      reason: itemReason(
        "res/res_pjsip_outbound_registration.c ami_outbound_registration_task (documented from Asterisk 20): the registration's sorcery fields, then Status and NextReg only while a registration state exists",
      ),
    },
    {
      event: "OutboundRegistrationDetailComplete",
      module: "res_pjsip_outbound_registration",
      headers: [...LIST_COMPLETE, ...present("Registered", "NotRegistered")],
      reason:
        "List completion not documented in the XML; res/res_pjsip_outbound_registration.c ami_show_outbound_registrations ends the list with astman_send_list_complete_start (EventList, ListItems) and always appends Registered and NotRegistered.",
    },
    {
      event: "ResourceListDetail",
      module: "res_pjsip_pubsub",
      headers: [],
      reason: itemReason("res_pjsip_pubsub.c (documented from Asterisk 20)"),
    },
    {
      event: "ResourceListDetailComplete",
      module: "res_pjsip_pubsub",
      headers: LIST_COMPLETE,
      reason: completeReason("PJSIPShowResourceLists"),
    },
    {
      event: "InboundSubscriptionDetail",
      module: "res_pjsip_pubsub",
      headers: [],
      reason: itemReason("res_pjsip_pubsub.c (documented from Asterisk 20)"),
    },
    {
      event: "InboundSubscriptionDetailComplete",
      module: "res_pjsip_pubsub",
      headers: LIST_COMPLETE,
      reason: completeReason("PJSIPShowSubscriptionsInbound"),
    },
    {
      event: "OutboundSubscriptionDetail",
      module: "res_pjsip_pubsub",
      headers: [],
      reason: itemReason("res_pjsip_pubsub.c (documented from Asterisk 20)"),
    },
    {
      event: "OutboundSubscriptionDetailComplete",
      module: "res_pjsip_pubsub",
      headers: LIST_COMPLETE,
      reason: completeReason("PJSIPShowSubscriptionsOutbound"),
    },
    { event: "PRIShowSpans", module: "chan_dahdi", headers: [], reason: itemReason("chan_dahdi.c") },
    {
      event: "PRIShowSpansComplete",
      module: "chan_dahdi",
      headers: [...LIST_COMPLETE, ...present("Items")],
      reason:
        "List completion not documented in the XML; channels/chan_dahdi.c action_prishowspans ends the list with astman_send_list_complete_start (EventList, ListItems) and always appends Items.",
    },
    {
      event: "ParkedCallsComplete",
      module: "res_parking",
      headers: [...LIST_COMPLETE, ...present("Total")],
      reason:
        "List completion not documented in the XML; res/parking/parking_manager.c manager_parking_status_single_lot and manager_parking_status_all_lots end the list with astman_send_list_complete_start (EventList, ListItems) and always append Total (park transcript).",
    },
    {
      event: "Parkinglot",
      module: "res_parking",
      headers: present("Name", "StartSpace", "StopSpace", "Timeout"),
      reason: sourceReason("res/parking/parking_manager.c manager_append_event_parking_lot_data_cb"),
    },
    {
      event: "ParkinglotsComplete",
      module: "res_parking",
      headers: LIST_COMPLETE,
      reason: completeReason("Parkinglots"),
    },
    {
      event: "QueueMember",
      module: "app_queue",
      headers: present(
        "CallsTaken",
        "InCall",
        "LastCall",
        "LastPause",
        "Location",
        "LoginTime",
        "Membership",
        "Name",
        "Paused",
        "PausedReason",
        "Penalty",
        "Queue",
        "StateInterface",
        "Status",
        "Wrapuptime",
      ),
      reason: sourceReason("apps/app_queue.c manager_queues_status"),
    },
    {
      event: "QueueStatusComplete",
      module: "app_queue",
      headers: LIST_COMPLETE,
      reason: completeReason("QueueStatus"),
    },
    {
      event: "QueueSummary",
      module: "app_queue",
      headers: present(
        "Available",
        "Callers",
        "HoldTime",
        "LoggedIn",
        "LongestHoldTime",
        "Queue",
        "TalkTime",
      ),
      reason: sourceReason("apps/app_queue.c manager_queues_summary"),
    },
    {
      event: "QueueSummaryComplete",
      module: "app_queue",
      headers: LIST_COMPLETE,
      reason: completeReason("QueueSummary"),
    },
    {
      event: "SIPpeerstatusComplete",
      module: "chan_sip",
      headers: LIST_COMPLETE,
      reason: completeReason("SIPpeerstatus"),
    },
    {
      event: "DeviceEntry",
      module: "chan_skinny",
      headers: present(
        "ChannelObjectType",
        "Channeltype",
        "DeviceId",
        "Devicestatus",
        "IPaddress",
        "NumberOfLines",
        "ObjectName",
        "Type",
      ),
      reason: `${sourceReason("channels/chan_skinny.c _skinny_show_devices")} Note: the format string ends without the blank line that closes a message, so on the wire consecutive entries (and the completion event) run together into one packet.`,
    },
    {
      event: "DevicelistComplete",
      module: "chan_skinny",
      headers: LIST_COMPLETE,
      reason: completeReason("SKINNYdevices"),
    },
    {
      event: "LineEntry",
      module: "chan_skinny",
      headers: present("ChannelObjectType", "Channeltype", "Device", "Instance", "Label", "ObjectName"),
      reason: `${sourceReason("channels/chan_skinny.c _skinny_show_lines")} Note: the format string ends without the blank line that closes a message, so on the wire consecutive entries (and the completion event) run together into one packet.`,
    },
    {
      event: "LinelistComplete",
      module: "chan_skinny",
      headers: LIST_COMPLETE,
      reason: completeReason("SKINNYlines"),
    },
    {
      event: "ListDialplan",
      module: "builtin",
      headers: [
        ...present("Context", "Registrar"),
        ...optional(
          "AppData",
          "Application",
          "Extension",
          "ExtensionLabel",
          "IgnorePattern",
          "IncludeContext",
          "Priority",
          "Switch",
        ),
      ],
      reason:
        "List item not documented in the XML; main/pbx.c manager_show_dialplan_helper sends four shapes: a priority (Extension, Priority, Application, AppData except for a hint, ExtensionLabel when labelled), an include (IncludeContext), an ignore pattern (IgnorePattern) or a switch (Switch). Only Context and Registrar are in every one, so only they are typed present.",
    },
    {
      event: "ShowDialPlanComplete",
      module: "builtin",
      headers: [...LIST_COMPLETE, ...present("ListContexts", "ListExtensions", "ListPriorities")],
      reason:
        "List completion not documented in the XML; main/pbx.c manager_show_dialplan ends the list with astman_send_list_complete_start (EventList, ListItems) and always appends ListExtensions, ListPriorities and ListContexts.",
    },
    {
      event: "VoicemailBoxDetail",
      module: "app_voicemail",
      headers: present("CallerID", "Date", "Duration", "Flag", "Folder", "ID"),
      reason: sourceReason("apps/app_voicemail.c append_vmbox_info_astman"),
    },
    {
      event: "VoicemailBoxDetailComplete",
      module: "app_voicemail",
      headers: LIST_COMPLETE,
      reason: completeReason("VoicemailBoxSummary"),
    },
    {
      event: "VoicemailUserEntry",
      module: "app_voicemail",
      headers: [
        ...present(
          "AttachMessage",
          "AttachmentFormat",
          "CallOperator",
          "Callback",
          "CanReview",
          "DeleteMessage",
          "Dialout",
          "Email",
          "ExitContext",
          "FromString",
          "Fullname",
          "Language",
          "MailCommand",
          "MaxMessageCount",
          "MaxMessageLength",
          "NewMessageCount",
          "OldMessageCount",
          "Pager",
          "SayCID",
          "SayDurationMinimum",
          "SayEnvelope",
          "ServerEmail",
          "TimeZone",
          "UniqueID",
          "VMContext",
          "VoiceMailbox",
          "VolumeGain",
        ),
        ...optional("IMAPFlags", "IMAPPort", "IMAPServer", "IMAPUser"),
      ],
      reason:
        "List item not documented in the XML; apps/app_voicemail.c append_vmu_info_astman writes every header in one format string (typed present); the four IMAP* headers only in a build with IMAP storage (typed optional).",
    },
    {
      event: "VoicemailUserEntryComplete",
      module: "app_voicemail",
      headers: LIST_COMPLETE,
      reason: completeReason("VoicemailUsersList"),
    },
  ],

  presence: [
    {
      event: "Agents",
      headers: ["CallStarted", "TalkingToChan"],
      reason: "Per the XML, sent only while the agent is on a call (Status AGENT_ONCALL).",
    },
    {
      event: "Agents",
      headers: ["LoggedInTime"],
      reason: "Per the XML, sent only while the agent is logged in (Status AGENT_IDLE or AGENT_ONCALL).",
    },
    {
      event: "AttendedTransfer",
      headers: ["DestApp"],
      reason: "Per the XML, sent only when the transfer ends in an application (DestType App).",
    },
    {
      event: "AttendedTransfer",
      headers: ["DestBridgeUniqueid"],
      reason: "Per the XML, sent only when bridges were merged (DestType Bridge or Threeway).",
    },
    {
      event: "AttendedTransfer",
      headers: ["DestTransfererChannel"],
      reason: "Per the XML, sent only when the transfer became a three-way call (DestType Threeway).",
    },
    {
      event: "BridgeEnter",
      headers: ["SwapUniqueid"],
      reason:
        "Names the channel swapped out of the bridge, so it exists only when the entering channel replaces one (absent from an ordinary join; the CLI simulator's call flow found it).",
    },
    {
      event: "ContactList",
      headers: ["CallId", "ViaAddr", "ViaPort"],
      reason: "Per the XML, taken from the REGISTER request and sent only when it had them.",
    },
    {
      event: "ContactStatusDetail",
      headers: ["CallID", "ViaAddress"],
      reason: "Per the XML, taken from the REGISTER request and sent only when it had them.",
    },
    {
      event: "Hold",
      headers: ["MusicClass"],
      reason: "Per the XML, sent only when a music class was suggested with the hold.",
    },
    {
      event: "InboundSubscriptionDetail",
      headers: ["Extension", "ExtensionStates", "Mailboxes"],
      reason:
        "Per the XML, Extension and ExtensionStates belong to extension_state subscriptions and Mailboxes to mwi ones.",
    },
    {
      event: "OutboundSubscriptionDetail",
      headers: ["Extension", "ExtensionStates", "Mailboxes"],
      reason:
        "Per the XML, Extension and ExtensionStates belong to extension_state subscriptions and Mailboxes to mwi ones.",
    },
    {
      event: "Registry",
      headers: ["Cause"],
      reason: "Per the XML, sent only when a rejection cause is available.",
    },
    {
      event: "SIPQualifyPeerDone",
      headers: ["ActionID"],
      reason: "Per the XML, echoed only when the SIPqualifypeer request carried an ActionID.",
    },
    {
      event: "Hangup",
      headers: ["TechCause"],
      reason:
        "Asterisk suppresses TechCause for nominally terminated calls (absent in every Hangup of the transcripts).",
    },
    {
      event: "OriginateResponse",
      headers: ["Context", "Exten"],
      reason:
        "Sent only when an extension was originated; absent when an application was (call-burst transcript).",
    },
    {
      event: "OriginateResponse",
      headers: ["Application", "Data"],
      reason: "Sent only when an application was originated; absent when an extension was (main/manager.c).",
    },
  ],

  optionalSnapshots: [
    {
      event: "DialBegin",
      snapshot: { template: "channel_snapshot", prefix: "" },
      reason:
        "A dial without a calling channel (e.g. Originate) has no caller snapshot (originate-call transcript).",
    },
    {
      event: "DialEnd",
      snapshot: { template: "channel_snapshot", prefix: "" },
      reason:
        "A dial without a calling channel (e.g. Originate) has no caller snapshot (originate-call transcript).",
    },
    {
      event: "DialState",
      snapshot: { template: "channel_snapshot", prefix: "" },
      reason: "A dial without a calling channel (e.g. Originate) has no caller snapshot, as for DialBegin.",
    },
    {
      event: "UserEvent",
      snapshot: { template: "channel_snapshot", prefix: "" },
      reason: "The UserEvent action raises the event without a channel (events-filter-userevent transcript).",
    },
    {
      event: "AttendedTransfer",
      snapshot: { template: "channel_snapshot", prefix: "LocalOne" },
      reason:
        "main/stasis_bridges.c attended_transfer_to_ami writes the LocalOne snapshot only for DestType Link (the transfer joined the two bridges with a Local channel pair); absent for DestType Bridge (attended-transfer transcript).",
    },
    {
      event: "AttendedTransfer",
      snapshot: { template: "channel_snapshot", prefix: "LocalTwo" },
      reason:
        "main/stasis_bridges.c attended_transfer_to_ami writes the LocalTwo snapshot only for DestType Link (the transfer joined the two bridges with a Local channel pair); absent for DestType Bridge (attended-transfer transcript).",
    },
    {
      event: "AttendedTransfer",
      snapshot: { template: "bridge_snapshot", prefix: "Orig" },
      reason:
        "main/stasis_bridges.c attended_transfer_to_ami writes the Orig bridge only when the transferer's first call was in a bridge (to_transferee.bridge_snapshot).",
    },
    {
      event: "AttendedTransfer",
      snapshot: { template: "bridge_snapshot", prefix: "Second" },
      reason:
        "main/stasis_bridges.c attended_transfer_to_ami writes the Second bridge only when the transferer's second call was in a bridge (to_transfer_target.bridge_snapshot).",
    },
    {
      event: "AttendedTransfer",
      snapshot: { template: "channel_snapshot", prefix: "Transferee" },
      reason:
        "main/stasis_bridges.c attended_transfer_to_ami writes the Transferee only when one is known (ast_attended_transfer_message_create finds no single peer in a bridge of more than two).",
    },
    {
      event: "AttendedTransfer",
      snapshot: { template: "channel_snapshot", prefix: "TransferTarget" },
      reason:
        "main/stasis_bridges.c attended_transfer_to_ami writes the TransferTarget only when one is known (ast_attended_transfer_message_create finds no single peer in a bridge of more than two).",
    },
    {
      event: "BlindTransfer",
      snapshot: { template: "bridge_snapshot", prefix: "" },
      reason:
        "main/stasis_bridges.c blind_transfer_to_ami writes the bridge only when the transferer was in one (transfer_msg->bridge).",
    },
    {
      event: "BlindTransfer",
      snapshot: { template: "channel_snapshot", prefix: "Transferee" },
      reason:
        "main/stasis_bridges.c blind_transfer_to_ami writes the Transferee only when one is known (transfer_msg->transferee).",
    },
    ...["ParkedCallGiveUp", "ParkedCallSwap", "ParkedCallTimeOut", "UnParkedCall"].map(
      (event): OptionalSnapshotOverride => ({
        event,
        snapshot: { template: "channel_snapshot", prefix: "Parker" },
        reason:
          "The XML documents a Parker snapshot, but res/parking/parking_manager.c manager_build_parked_call_string writes only the Parkee, the Retriever (when there is one) and ParkerDialString: no Parker* header is sent (park transcript). Typed optional, as an override cannot remove a documented header.",
      }),
    ),
  ],

  extraHeaders: [
    {
      event: "QueueParams",
      headers: present("Queue", "ServiceLevel", "Weight"),
      reason:
        "Undocumented, but apps/app_queue.c manager_queues_status writes them into every QueueParams event.",
    },
    {
      event: "StatusComplete",
      headers: [
        { name: "EventList", presence: "present" },
        { name: "ListItems", presence: "present" },
      ],
      reason: "Sent by astman_send_list_complete_start but not documented (originate-call transcript).",
    },
    {
      event: "BridgeInfoComplete",
      headers: LIST_COMPLETE,
      reason:
        "Undocumented, but main/manager_bridges.c manager_bridge_info ends the list with astman_send_list_complete_start, which always sends EventList and ListItems, before the bridge snapshot (bridge-two-party transcript).",
    },
    {
      event: "AttendedTransfer",
      headers: present("IsExternal"),
      reason:
        "Undocumented (BlindTransfer documents it), but main/stasis_bridges.c attended_transfer_to_ami writes `IsExternal: Yes|No` in its one format string (attended-transfer transcript).",
    },
    {
      event: "ConfbridgeList",
      headers: present("EndMarkedAny"),
      reason:
        "Undocumented, but apps/app_confbridge.c action_confbridgelist_item writes EndMarkedAny (the end_marked_any user option, documented in confbridge.conf for every release here) in the same format string as EndMarked (conference transcript).",
    },
  ],

  multiValueParams: [
    {
      action: "Originate",
      param: "Variable",
      reason:
        "One `Variable: name=value` header per variable (originate-call transcript); said only in prose.",
    },
    { action: "MessageSend", param: "Variable", reason: "One `Variable: name=value` header per variable." },
    { action: "PJSIPNotify", param: "Variable", reason: "One `Variable: name=value` header per variable." },
    { action: "SIPnotify", param: "Variable", reason: "One `Variable: name=value` header per variable." },
  ],

  openActions: [
    { name: "UserEvent", reason: "Every header besides UserEvent is passed on into the event." },
    {
      name: "UpdateConfig",
      reason: "Takes numbered headers (Action-000001, Cat-000001, ...) beyond the documented -000000 ones.",
    },
    {
      name: "AOCMessage",
      reason: "Takes numbered headers (UnitAmount(1), UnitType(1), ...) beyond the documented (0) ones.",
    },
  ],

  openEvents: [
    {
      name: "UserEvent",
      reason:
        "Carries the free-form headers given to UserEvent() or the UserEvent action (originate-call transcript).",
    },
    {
      name: "OriginateResponse",
      reason:
        "main/manager.c fast_originate raises it with ast_manager_event_multichan, which appends one `ChanVariable(<channel name>): NAME=value` header per manager.conf `channelvars` variable when the originate produced a channel (append_channel_vars). The channel name is part of the header name, so no fixed name can type it (bridge-two-party, park transcripts).",
    },
  ],

  openEnumParams: [
    {
      action: "ModuleLoad",
      param: "Module",
      reason:
        "The enum lists the core modules only; any loadable module file name (e.g. res_pjsip.so) is accepted.",
    },
  ],

  responseHeaders: [
    { action: "Challenge", headers: optional("Challenge"), reason: "Seen in the login-md5 transcript." },
    {
      action: "Command",
      headers: [{ name: "Output", presence: "optional", repeatable: true }],
      reason: "One Output header per line of CLI output (ping-command transcript).",
    },
    {
      action: "Events",
      headers: optional("Events"),
      reason: "Seen in the events-filter-userevent transcript.",
    },
    {
      action: "ExtensionState",
      headers: optional("Context", "Exten", "Hint", "Status", "StatusText"),
      reason:
        "main/manager.c action_extensionstate writes them after `Message: Extension Status`; an unknown extension gets an empty Hint and Status -1 (device-state transcript).",
    },
    {
      action: "Getvar",
      headers: optional("Value", "Variable"),
      reason: "Seen in the originate-call transcript.",
    },
    {
      action: "Ping",
      headers: optional("Ping", "Timestamp"),
      reason: "Seen in the ping-command transcript.",
    },
    {
      action: "PresenceState",
      headers: [
        { name: "Message", presence: "optional", repeatable: true },
        ...optional("PresenceMessage", "State", "Subtype"),
      ],
      reason:
        "main/manager.c action_presencestate writes `Message: Presence State` and State, then Subtype and the presence message only when set; the presence message goes out twice, as a second `Message:` (kept for old clients) and as PresenceMessage (device-state transcript).",
    },
  ],
};
