import type { FieldList } from "../fields.ts";
import type { ChannelState } from "./channel.ts";

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

/** @internal The mutable bridge behind {@link FakeBridge}. */
export class BridgeState implements FakeBridge {
  readonly uniqueid: string;
  readonly type = "basic";
  technology = "simple_bridge";
  readonly creator = "<unknown>";
  readonly name = "<unknown>";
  readonly members: ChannelState[] = [];

  constructor(uniqueid: string) {
    this.uniqueid = uniqueid;
  }

  get channelIds(): readonly string[] {
    return this.members.map((channel) => channel.uniqueid);
  }

  /**
   * The bridge-snapshot block (main/manager_bridges.c `ast_manager_build_bridge_state_string_prefix`):
   * BridgeUniqueid, BridgeType, BridgeTechnology, BridgeCreator, BridgeName, BridgeNumChannels,
   * BridgeVideoSourceMode (`BridgeVideoSource` only follows in talker/single-source video modes).
   */
  snapshot(): FieldList {
    return [
      ["BridgeUniqueid", this.uniqueid],
      ["BridgeType", this.type],
      ["BridgeTechnology", this.technology],
      ["BridgeCreator", this.creator],
      ["BridgeName", this.name],
      ["BridgeNumChannels", String(this.members.length)],
      ["BridgeVideoSourceMode", "none"],
    ];
  }
}
