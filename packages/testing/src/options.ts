import type { FakeParkingLotOptions } from "./parking/parking-lots.ts";
import type { FakeQueueOptions } from "./queues/queue-config.ts";
/** One `manager.conf` user of the fake. */
export interface FakeUser {
  /** The plain secret (`secret =`); md5 logins hash the challenge with it. */
  readonly secret: string;
  /** Read classes, comma-separated (`call,system`, `all`). Decides which events the user can receive. */
  readonly read?: string;
  /** Write classes, comma-separated. Decides which actions the user may send (else `Permission denied`). */
  readonly write?: string;
}

/** One dialplan priority: the application and its argument string. */
export type FakeDialplanStep = readonly [application: string, data?: string];

/** A dialplan: context → extension → priorities (priority 1 first). */
export type FakeDialplan = Readonly<Record<string, Readonly<Record<string, readonly FakeDialplanStep[]>>>>;

/**
 * How the fake splits and delays what it writes, to prove a client copes with any chunking.
 * Applied to every write (one packet, or one raw write) separately.
 */
export interface FakeWriteShaping {
  /** Byte offsets inside each write at which to cut it into separate chunks (`[1, 5]` → 3 chunks). */
  readonly splitAt?: readonly number[];
  /** Cut every write into chunks of at most this many bytes (`1` = byte by byte). */
  readonly chunkSize?: number;
  /** Milliseconds to wait before each chunk is written (order is always kept). */
  readonly delay?: number;
}

/** What the fake does with a new connection. */
export type FakeConnectionMode =
  /** Accept and greet, like Asterisk. */
  | "accept"
  /** Refuse: the in-memory transport rejects `open()`; over TCP the socket is reset at once. */
  | "refuse"
  /** Accept but never send the greeting nor answer anything (to test connect/login timeouts). */
  | "silent";

/** Options of {@link createFakeAsterisk}. Every option has a default that matches the recorded server. */
export interface FakeAsteriskOptions {
  /**
   * Users by name. Default: `admin` (secret `amipass`, read/write `all`) and `reader` (secret `readpass`,
   * read `call,system`, write `system`), as in the server the shared transcripts were recorded from.
   */
  readonly users?: Readonly<Record<string, FakeUser>>;
  /** The AMI version in the greeting (`Asterisk Call Manager/<amiVersion>`). Default `"11.0.0"` (Asterisk 22). */
  readonly amiVersion?: string;
  /** The Asterisk version `core show version` reports. Default `"22.10.1"`. */
  readonly asteriskVersion?: string;
  /**
   * How the `Command` action answers: `"output-headers"` (Asterisk 14 and later: `Response: Success`,
   * `Message: Command output follows`, one `Output:` header per line) or `"legacy"` (before 14:
   * `Response: Follows`, `Privilege: Command`, the raw text, then `--END COMMAND--`). Default `"output-headers"`.
   */
  readonly commandOutput?: "output-headers" | "legacy";
  /**
   * CLI commands the `Command` action knows, beside the built-ins (`core show version`, `core show uptime`,
   * `core show help manager`, `dialplan show <context>`): the command line (exact, after trimming) → its
   * output lines, or a function of the command line. A command nobody knows answers like Asterisk does.
   */
  readonly commands?: Readonly<Record<string, readonly string[] | ((command: string) => readonly string[])>>;
  /** `systemname` of `asterisk.conf`; when set, events carry `SystemName:` after `Privilege:` as Asterisk does. */
  readonly systemName?: string;
  /** `channelvars` of `manager.conf`: channel events carry one `ChanVariable: NAME=value` per name. */
  readonly channelvars?: readonly string[];
  /**
   * Raise a `Cdr` event (cdr_manager) when a simulated call ends. Default `false`, like the recorded
   * server (which did not load cdr_manager); the layout follows Asterisk's cdr_manager.c.
   */
  readonly cdr?: boolean;
  /** The dialplan Local channels run. Default: context `test` of the transcripts (`wait`, `echo`, `quick`). */
  readonly dialplan?: FakeDialplan;
  /**
   * Multiplies every simulated duration (`Wait(1)` in the dialplan, the `Data` of an originated `Wait`).
   * Default `1` (real time); tests usually want `0.01` or `0`.
   */
  readonly timeScale?: number;
  /**
   * `"real"` (default): simulated durations run on timers, scaled by `timeScale`. `"manual"`: they wait
   * until the test calls `fake.advanceTime(seconds)`, for call-flow tests without sleeps or races.
   */
  readonly clock?: "real" | "manual";
  /** Milliseconds before `Authentication failed` is sent. Asterisk waits 1000; default 0 to keep tests fast. */
  readonly authFailureDelay?: number;
  /** Write shaping applied to every session from the start. Default: none (each packet is one write). */
  readonly writeShaping?: FakeWriteShaping;
  /**
   * The challenge the Challenge action hands out (a string, or a function called once per session).
   * Default: random digits, as Asterisk's `ast_random()`.
   */
  readonly challenge?: string | (() => string);
  /**
   * The largest packet a client may send, in bytes. A client that sends more (or a line that never ends)
   * has its connection dropped and the decoder's error recorded in `fake.errors`. Default 1 MiB.
   */
  readonly maxRequestBytes?: number;
  /**
   * How many entries each log keeps (`fake.received`, and per session `received` and `written`): the most
   * recent ones. Default 10 000; `Infinity` keeps everything, `0` nothing (for leak tests).
   */
  readonly historyLimit?: number;
  /** The number of the first Local channel (`Local/x@y-00000000;1`). Default 0. */
  readonly firstChannelNumber?: number;
  /** Seconds the fake claims it has been up when it starts (`Uptime:` of FullyBooted). Default 0. */
  readonly initialUptime?: number;
  /**
   * The dialplan's hints, context → extension → hint (`Custom:lamp1&Custom:lamp2,CustomPresence:desk`:
   * devices joined by `&`, then a presence provider): ExtensionState(List) answer for them, and a change of
   * their devices' state or their presence raises ExtensionStatus / PresenceStatus. Default: none.
   */
  readonly hints?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Device states cached at start (device → state name, `NOT_INUSE`…), in DeviceStateList's order — what
   * astdb, queues and conferences left in a real server's cache. Default: none.
   */
  readonly deviceStates?: Readonly<Record<string, string>>;
  /** Presences set at start (provider → `status,subtype,message`). Default: none. */
  readonly presenceStates?: Readonly<Record<string, string>>;
  /**
   * The queues of `queues.conf` (QueueStatus, QueueSummary, QueueAdd/Remove/Pause/Penalty), by name.
   * Default: none (QueueStatus and QueueSummary list nothing).
   */
  readonly queues?: Readonly<Record<string, FakeQueueOptions>>;
  /**
   * The parking lots of `res_parking.conf` (Parkinglots, ParkedCalls, Park), by name. Default: Asterisk's
   * `default` lot (spaces 701-750, parkingtime 45, comeback context `parkedcallstimeout`).
   */
  readonly parkingLots?: Readonly<Record<string, FakeParkingLotOptions>>;
}

/** @internal The default users, as in the transcripts' `manager.conf`. */
export const DEFAULT_USERS: Readonly<Record<string, FakeUser>> = {
  admin: { secret: "amipass", read: "all", write: "all" },
  reader: { secret: "readpass", read: "call,system", write: "system" },
};

/** @internal The transcripts' dialplan (`extensions.conf`, context `test`). */
export const DEFAULT_DIALPLAN: FakeDialplan = {
  test: {
    wait: [
      ["Answer"],
      ["Set", "CDR(userfield)=bench"],
      ["UserEvent", "TestUser,Header1: hello,Header2: мир"],
      ["Wait", "1"],
      ["Hangup"],
    ],
    echo: [["Answer"], ["Echo"]],
    quick: [["Answer"], ["Hangup"]],
  },
};
