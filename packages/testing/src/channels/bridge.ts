import type { FieldList } from "../fields.ts";
import type { ChannelState } from "./channel.ts";
import type { LocalCall } from "./local-call.ts";

/** A bridge the fake is simulating, as a test can inspect it. */
export interface FakeBridge {
  /** `BridgeUniqueid`: a UUID. */
  readonly uniqueid: string;
  /** `BridgeType`: `basic` for the bridges `Dial` and `Bridge` make. */
  readonly type: string;
  /** `BridgeTechnology`: `simple_bridge` for two parties, `softmix` for more. */
  readonly technology: string;
  /** `BridgeCreator` (`<unknown>` for a basic bridge). */
  readonly creator: string;
  /** `BridgeName` (`<unknown>` for a basic bridge). */
  readonly name: string;
  /** The Uniqueids of the channels in it, in the order they entered. */
  readonly channelIds: readonly string[];
}

/** @internal What parking a member of a bridge needs from the bridge's owner (a Dial). */
export interface ParkRelease {
  /** The Local call whose ;1 is the parkee: parking takes it over. */
  readonly call: LocalCall;
  /** The parkee leaves the bridge (BridgeLeave). */
  leaveParkee(): void;
  /** The parkee is parked: the other party's BRIDGEPEER is cleared, it leaves and its Dial returns. */
  release(): void;
}

/** @internal What kind of bridge: a basic one (Dial) unless said otherwise (ConfBridge). */
export interface BridgeKind {
  readonly type: string;
  readonly technology: string;
  readonly creator: string;
  readonly name: string;
}

const BASIC: BridgeKind = {
  type: "basic",
  technology: "simple_bridge",
  creator: "<unknown>",
  name: "<unknown>",
};

/** @internal The mutable bridge behind {@link FakeBridge}. */
export class BridgeState implements FakeBridge {
  readonly uniqueid: string;
  readonly type: string;
  technology: string;
  readonly creator: string;
  readonly name: string;
  readonly members: ChannelState[] = [];
  /** Channels AMI does not show but counts in BridgeNumChannels (a conference's announcer). */
  hiddenChannels = 0;
  /** How a member can be blind-transferred out of this bridge, if it can: false when `transferer` cannot. */
  blindTransfer: ((transferer: ChannelState, context: string, exten: string) => boolean) | undefined;
  /** How `transferer` can start an attended transfer (Atxfer) from this bridge, if it can. */
  attendedTransfer: ((transferer: ChannelState, context: string, exten: string) => boolean) | undefined;
  /** How `parkee` can be taken out of this bridge to be parked (the Park action), if it can. */
  park: ((parkee: ChannelState) => ParkRelease | undefined) | undefined;

  constructor(uniqueid: string, kind: BridgeKind = BASIC) {
    this.uniqueid = uniqueid;
    this.type = kind.type;
    this.technology = kind.technology;
    this.creator = kind.creator;
    this.name = kind.name;
  }

  /** BridgeNumChannels: the members and the hidden channels. */
  get channelCount(): number {
    return this.members.length + this.hiddenChannels;
  }

  get channelIds(): readonly string[] {
    return this.members.map((channel) => channel.uniqueid);
  }

  /**
   * The bridge-snapshot block (main/manager_bridges.c `ast_manager_build_bridge_state_string_prefix`):
   * BridgeUniqueid, BridgeType, BridgeTechnology, BridgeCreator, BridgeName, BridgeNumChannels,
   * BridgeVideoSourceMode (`BridgeVideoSource` only follows in talker/single-source video modes).
   * `channelCount` overrides BridgeNumChannels for an event built from an older snapshot.
   */
  snapshot(channelCount = this.channelCount): FieldList {
    return [
      ["BridgeUniqueid", this.uniqueid],
      ["BridgeType", this.type],
      ["BridgeTechnology", this.technology],
      ["BridgeCreator", this.creator],
      ["BridgeName", this.name],
      ["BridgeNumChannels", String(channelCount)],
      ["BridgeVideoSourceMode", "none"],
    ];
  }
}
