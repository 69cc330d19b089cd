import type { FieldList } from "../fields.ts";

/** A channel the fake is simulating, as a test can inspect it. */
export interface FakeChannel {
  /** `Local/wait@test-00000000;1`. */
  readonly name: string;
  /** `Uniqueid` (the Originate's `ChannelId` when given, else `<seconds>.<n>`). */
  readonly uniqueid: string;
  /** `Linkedid`: the uniqueid of the call's first channel. */
  readonly linkedid: string;
  /** `ChannelState` number (0 Down, 4 Ring, 6 Up …). */
  readonly state: number;
  /** `ChannelStateDesc`: the state as Asterisk names it (`Down`, `Ring`, `Up` …). */
  readonly stateDescription: string;
  /** Dialplan context the channel is in. */
  readonly context: string;
  /** Dialplan extension the channel is in. */
  readonly exten: string;
  /** Dialplan priority the channel is at. */
  readonly priority: number;
  /** `CallerIDNum` (`<unknown>` until set). */
  readonly callerIdNum: string;
  /** `CallerIDName` (`<unknown>` until set). */
  readonly callerIdName: string;
  /** `ConnectedLineNum` (`<unknown>` until set). */
  readonly connectedLineNum: string;
  /** `ConnectedLineName` (`<unknown>` until set). */
  readonly connectedLineName: string;
  /** The application running now, and its argument. */
  readonly application: string;
  readonly applicationData: string;
  /** Channel variables. */
  readonly variables: ReadonlyMap<string, string>;
  /** `BridgeUniqueid` of the bridge the channel is in, or `""`. */
  readonly bridgeId: string;
  /** Whether the channel is on hold (between a `Hold` and an `Unhold` event). */
  readonly onHold: boolean;
  /** When the channel was created (epoch ms). */
  readonly createdAt: number;
}

const STATE_NAMES: Readonly<Record<number, string>> = {
  0: "Down",
  1: "Rsrvd",
  2: "OffHook",
  3: "Dialing",
  4: "Ring",
  5: "Ringing",
  6: "Up",
  7: "Busy",
  8: "Dialing Offhook",
  9: "Pre-ring",
};

/** @internal The mutable channel behind {@link FakeChannel}. */
export class ChannelState implements FakeChannel {
  readonly name: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly createdAt: number;
  readonly variables = new Map<string, string>();
  state: number;
  context: string;
  exten: string;
  priority = 1;
  callerIdNum = "<unknown>";
  callerIdName = "<unknown>";
  connectedLineNum = "<unknown>";
  connectedLineName = "<unknown>";
  application = "";
  applicationData = "";
  bridgeId = "";
  onHold = false;
  hungUp = false;
  /** Whether the DeviceStateChange for this channel going up has been sent (one per channel). */
  inUseAnnounced = false;
  /**
   * When the channel was answered by its dialplan's `Answer`, in the channel registry's simulated ms (its
   * `ast_channel_answertime`: ConfbridgeList's AnsweredTime counts from it); unset otherwise.
   */
  answeredAt: number | undefined;
  /**
   * A caller ID this Local half takes from its partner's new connected line, announced (NewCallerid) only
   * when the half next runs: its next priority or its hang-up (attended-transfer.jsonl).
   */
  pendingCallerId: { readonly number: string; readonly name: string } | undefined;

  constructor(
    name: string,
    uniqueid: string,
    linkedid: string,
    state: number,
    context: string,
    exten: string,
    createdAt: number = Date.now(),
  ) {
    this.name = name;
    this.createdAt = createdAt;
    this.uniqueid = uniqueid;
    this.linkedid = linkedid;
    this.state = state;
    this.context = context;
    this.exten = exten;
  }

  get stateDescription(): string {
    return STATE_NAMES[this.state] ?? "Unknown";
  }

  /** The device this channel belongs to: the name without `-<seq>;<n>`. */
  get device(): string {
    return this.name.replace(/-[0-9a-f]{8}(;\d)?$/, "");
  }

  /**
   * The channel-snapshot block Asterisk puts in channel events, each header name prefixed (`Dest`,
   * `LocalOne` …), ending with one `ChanVariable: NAME=value` per configured channelvar.
   */
  snapshot(channelvars: readonly string[], prefix = ""): FieldList {
    const fields: FieldList = [
      [`${prefix}Channel`, this.name],
      [`${prefix}ChannelState`, String(this.state)],
      [`${prefix}ChannelStateDesc`, this.stateDescription],
      [`${prefix}CallerIDNum`, this.callerIdNum],
      [`${prefix}CallerIDName`, this.callerIdName],
      [`${prefix}ConnectedLineNum`, this.connectedLineNum],
      [`${prefix}ConnectedLineName`, this.connectedLineName],
      [`${prefix}Language`, "en"],
      [`${prefix}AccountCode`, ""],
      [`${prefix}Context`, this.context],
      [`${prefix}Exten`, this.exten],
      [`${prefix}Priority`, String(this.priority)],
      [`${prefix}Uniqueid`, this.uniqueid],
      [`${prefix}Linkedid`, this.linkedid],
    ];
    for (const name of channelvars) {
      fields.push([`${prefix}ChanVariable`, `${name}=${this.variables.get(name) ?? ""}`]);
    }
    return fields;
  }

  /** Seconds the channel has existed. */
  ageSeconds(now: number): number {
    return Math.floor((now - this.createdAt) / 1000);
  }
}

/** @internal `HH:MM:SS` as CoreShowChannel's `Duration`. */
export function formatDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return [hours, minutes, seconds].map((n) => String(n).padStart(2, "0")).join(":");
}

/** @internal Splits a CallerID string (`"Name" <1001>`, `Name <1001>`, `1001`) into name and number. */
export function parseCallerId(callerId: string): { name: string; number: string } {
  const trimmed = callerId.trim();
  const match = /^(.*?)\s*<([^>]*)>\s*$/.exec(trimmed);
  if (match !== null) {
    let name = (match[1] ?? "").trim();
    if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) name = name.slice(1, -1);
    return { name, number: (match[2] ?? "").trim() };
  }
  if (/^[0-9+*#]+$/.test(trimmed)) return { name: "", number: trimmed };
  return { name: trimmed, number: "" };
}
