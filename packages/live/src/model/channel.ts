/** A channel of the live model, keyed by its `Uniqueid`. */
import type { EventOf } from "@amikit/definitions";
import type { LiveParty } from "./party.ts";

/** A channel's state name, as in `ChannelStateDesc` (`Down`, `Ring`, `Ringing`, `Up`…). */
export type LiveChannelState = EventOf<"Newchannel">["ChannelStateDesc"];

/** A dial from this channel toward another one (from `DialBegin` / `DialState` / `DialEnd`). */
export interface LiveDial {
  /** The `DestUniqueid` of the channel being dialled. */
  readonly destination: string;
  /** The `DestChannel` name. */
  readonly destinationName: string;
  /**
   * `""` while dialling (after `DialBegin`), then the `DialStatus` of `DialState` (`RINGING`,
   * `PROCEEDING`, `PROGRESS`) and of `DialEnd` (`ANSWER`, `BUSY`, `NOANSWER`, `CANCEL`…).
   */
  readonly status: string;
  /** True once `DialEnd` arrived. */
  readonly ended: boolean;
}

/** One channel, as events and the `CoreShowChannels` snapshot describe it. Immutable. */
export interface LiveChannel {
  /** `Uniqueid`: the key. */
  readonly uniqueid: string;
  /** `Linkedid`: the call it belongs to. */
  readonly linkedid: string;
  /** `Channel`: its name, e.g. `PJSIP/alice-00000001`. */
  readonly name: string;
  /** `ChannelStateDesc`. */
  readonly state: LiveChannelState;
  /** `ChannelState`, the numeric code. */
  readonly stateCode: string;
  /** `CallerIDNum` / `CallerIDName`. */
  readonly callerId: LiveParty;
  /** `ConnectedLineNum` / `ConnectedLineName`. */
  readonly connectedLine: LiveParty;
  /** `AccountCode`. */
  readonly accountCode: string;
  /** `Language`. */
  readonly language: string;
  /** `Context`. */
  readonly context: string;
  /** `Exten`. */
  readonly exten: string;
  /** `Priority`. */
  readonly priority: string;
  /** The dialplan application running (`Newexten` `Application`, `CoreShowChannel` `Application`). */
  readonly application: string;
  /** Its argument (`Newexten` `AppData`, `CoreShowChannel` `ApplicationData`). */
  readonly applicationData: string;
  /** The `ChanVariable` values Asterisk sends with every event (those of `channelvars` in manager.conf). */
  readonly variables: Readonly<Record<string, string>>;
  /** True between `Hold` and `Unhold`. */
  readonly onHold: boolean;
  /** The `BridgeUniqueid` of the bridge it is in, if any. */
  readonly bridge: string | undefined;
  /** Dials from this channel, by destination `Uniqueid`. */
  readonly dials: Readonly<Record<string, LiveDial>>;
  /**
   * When it was created (ms since the epoch): the event's `Timestamp` when Asterisk sends one, else the
   * client's clock at `Newchannel`; for a channel first seen in a snapshot, now minus its `Duration`.
   */
  readonly createdAt: number;
  /** When it first reached `Up` (same clock rules); `undefined` if not answered or seen answered only in a snapshot. */
  readonly answeredAt: number | undefined;
}
