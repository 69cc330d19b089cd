/** AMI channel state codes and their descriptions, as Asterisk prints them. */
export const ChannelState = {
  down: { code: "0", description: "Down" },
  ring: { code: "4", description: "Ring" },
  ringing: { code: "5", description: "Ringing" },
  up: { code: "6", description: "Up" },
  busy: { code: "7", description: "Busy" },
} as const;

/** One of the {@link ChannelState} entries. */
export type ChannelStateEntry = (typeof ChannelState)[keyof typeof ChannelState];

/** A simulated channel: what Asterisk's channel snapshot holds, plus what CoreShowChannels shows. */
export interface SimulatedChannel {
  /** `PJSIP/alice-00000001`. */
  readonly name: string;
  /** The endpoint's device, `PJSIP/alice`. */
  readonly device: string;
  /** `1764170000.1`: epoch seconds and a sequence number, as Asterisk makes them. */
  readonly uniqueid: string;
  /** The Uniqueid of the channel that started the call; shared by every channel of the call. */
  readonly linkedid: string;
  state: ChannelStateEntry;
  callerIdNum: string;
  callerIdName: string;
  connectedLineNum: string;
  connectedLineName: string;
  context: string;
  exten: string;
  priority: string;
  application: string;
  applicationData: string;
  /** The bridge it is in, or `""`. */
  bridgeId: string;
  /** When it was created (ms since the epoch), for `Duration`. */
  readonly createdAt: number;
}

/** A simulated bridge (a two-party call after answer). */
export interface SimulatedBridge {
  readonly uniqueid: string;
  readonly channels: Set<string>;
}

/** A user of the simulated PBX: a PJSIP endpoint with an extension and a display name. */
export interface SimulatedEndpoint {
  /** The endpoint name (`alice`): the channel is `PJSIP/alice-…`. */
  readonly endpoint: string;
  /** Its extension (`1001`). */
  readonly extension: string;
  /** Its caller ID name; non-ASCII on purpose, as real directories have. */
  readonly name: string;
}

/** The directory the simulator dials between. */
export const defaultEndpoints: readonly SimulatedEndpoint[] = [
  { endpoint: "alice", extension: "1001", name: "Alice Martin" },
  { endpoint: "bob", extension: "1002", name: "Bob Okafor" },
  { endpoint: "carol", extension: "1003", name: "Carol Díaz" },
  { endpoint: "dave", extension: "1004", name: "Иван Петров" },
  { endpoint: "erin", extension: "1005", name: "Erin Ødegaard" },
  { endpoint: "frank", extension: "1006", name: "Frank 李" },
];

/** Formats a duration in seconds as Asterisk's `HH:MM:SS`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}`;
}
