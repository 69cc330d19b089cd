import { AmiDecoder, type AmiPacket } from "@amikit/codec";
import { AmiSocketError, type AmiTransport } from "@amikit/transport";
import type { EndpointEvents, ServerEndpoint } from "./endpoint.ts";
import { FakeAsteriskError } from "./errors.ts";
import type { FakeAddress, FakeListenOptions } from "./fake-asterisk.ts";
import { memoryTransport } from "./memory-transport.ts";
import { buildReplayScript, type ReplayScript, rewriteActionIds } from "./replay-script.ts";
import type { TcpListener } from "./tcp-server.ts";
import { loadTranscript, type TranscriptEntry } from "./transcript.ts";

/** Options of {@link replayTranscript}. */
export interface ReplayOptions {
  /**
   * Put the client's ActionIDs into the replayed bytes: every whole `ActionID: <recorded>` line becomes
   * `ActionID: <what the client sent in the matching packet>`. Default `true`. With `false` (or when the
   * client uses the recorded ActionIDs) the replay is byte for byte.
   */
  readonly rewriteActionIds?: boolean;
  /**
   * How each client packet is checked against the recorded one at the same position: `"action"` (same
   * `Action`, case-insensitive), `"fields"` (same headers and values in the same order, ActionID aside),
   * `"none"`. Default `"action"`.
   */
  readonly match?: "action" | "fields" | "none";
  /** On a mismatch (or a packet beyond the recording): `"close"` resets the connection (default), `"continue"` carries on. */
  readonly onMismatch?: "close" | "continue";
  /** Keep the recorded gaps between server writes (scaled by this factor; `1` = real time). Default: no gaps. */
  readonly timeScale?: number;
}

/** A client packet that did not match the recording. */
export interface ReplayMismatch {
  /** 1 for the first connection to the replay, and so on. */
  readonly connection: number;
  /** The position of the client packet (0 = first packet the client sent). */
  readonly index: number;
  /** What was wrong. */
  readonly reason: string;
  /** The recorded packet at that position, if any. */
  readonly expected: AmiPacket | undefined;
  /** What the client sent. */
  readonly received: AmiPacket;
}

/**
 * A server that replays a recorded conversation: on connect it sends what Asterisk sent first (the
 * greeting); for each packet the client sends, it sends the bytes Asterisk sent after the matching
 * recorded packet, chunk for chunk; it closes where the recording's server closed. Every connection
 * replays the transcript from its start. Create it with {@link replayTranscript}.
 */
export class TranscriptReplay {
  readonly #source: Promise<ReplayScript>;
  readonly #options: Required<Omit<ReplayOptions, "timeScale">> & { readonly timeScale: number | undefined };
  readonly #mismatches: ReplayMismatch[] = [];
  readonly #connections: ReplayConnection[] = [];
  #listener: TcpListener | undefined;
  #closed = false;

  constructor(source: string | readonly TranscriptEntry[], options: ReplayOptions = {}) {
    this.#options = {
      rewriteActionIds: options.rewriteActionIds ?? true,
      match: options.match ?? "action",
      onMismatch: options.onMismatch ?? "close",
      timeScale: options.timeScale,
    };
    this.#source =
      typeof source === "string"
        ? loadTranscript(source).then(buildReplayScript)
        : Promise.resolve().then(() => buildReplayScript(source));
    // Loading errors surface on listen()/open(); do not let them go unhandled meanwhile.
    this.#source.catch(() => {});
  }

  /** Resolves once the transcript is loaded; rejects with a `TranscriptFormatError` if it cannot be. */
  async ready(): Promise<void> {
    await this.#source;
  }

  /** Listens on TCP (Node.js `node:net`, loaded only now) and resolves with the address. */
  async listen(options: FakeListenOptions = {}): Promise<FakeAddress> {
    if (this.#closed) throw new FakeAsteriskError("This transcript replay is closed");
    if (this.#listener !== undefined)
      throw new FakeAsteriskError("This transcript replay is already listening");
    const script = await this.#source;
    const { listenTcp } = await import("./tcp-server.ts");
    this.#listener = await listenTcp(options.host ?? "127.0.0.1", options.port ?? 0, (endpoint) =>
      this.#closed ? undefined : this.#accept(endpoint, script),
    );
    return { host: this.#listener.host, port: this.#listener.port };
  }

  /** An in-memory `AmiTransport` (name `"memory"`) whose connections replay the transcript. */
  transport(): AmiTransport {
    const inner = memoryTransport({
      acceptMemory: (endpoint) => {
        if (this.#closed) throw new AmiSocketError("refused", "Connection refused: the replay is closed");
        return this.#accept(endpoint, this.#script as ReplayScript);
      },
    });
    return {
      specificationVersion: "v1",
      name: "memory",
      open: async (target, handlers, signal) => {
        this.#script = await this.#source;
        return inner.open(target, handlers, signal);
      },
    };
  }

  #script: ReplayScript | undefined;

  #accept(endpoint: ServerEndpoint, script: ReplayScript): EndpointEvents {
    const connection = new ReplayConnection(
      this.#connections.length + 1,
      endpoint,
      script,
      this.#options,
      (m) => this.#mismatches.push(m),
    );
    this.#connections.push(connection);
    connection.start();
    return connection;
  }

  /** Client packets that did not match the recording, on any connection. */
  get mismatches(): readonly ReplayMismatch[] {
    return this.#mismatches;
  }

  /** How many connections the replay has accepted. */
  get connectionCount(): number {
    return this.#connections.length;
  }

  /** Whether some connection has been sent the whole recording (and received every recorded packet). */
  get completed(): boolean {
    return this.#connections.some((connection) => connection.completed);
  }

  /** Stops listening and resets every open connection. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const connection of this.#connections) connection.reset();
    const listener = this.#listener;
    this.#listener = undefined;
    if (listener !== undefined) await listener.close();
  }
}

class ReplayConnection implements EndpointEvents {
  readonly #number: number;
  readonly #endpoint: ServerEndpoint;
  readonly #script: ReplayScript;
  readonly #options: ReplayOptionsResolved;
  readonly #report: (mismatch: ReplayMismatch) => void;
  readonly #decoder = new AmiDecoder({ expectGreeting: false });
  readonly #ids = new Map<string, string | null>();
  readonly #encoder = new TextEncoder();
  #received = 0;
  #output: Promise<void> = Promise.resolve();
  #ended = false;
  completed = false;

  constructor(
    number: number,
    endpoint: ServerEndpoint,
    script: ReplayScript,
    options: ReplayOptionsResolved,
    report: (mismatch: ReplayMismatch) => void,
  ) {
    this.#number = number;
    this.#endpoint = endpoint;
    this.#script = script;
    this.#options = options;
    this.#report = report;
  }

  start(): void {
    this.#sendSegment(0);
  }

  data(chunk: Uint8Array): void {
    if (this.#ended) return;
    let packets: AmiPacket[];
    try {
      packets = this.#decoder.push(chunk);
    } catch {
      this.reset();
      return;
    }
    for (const packet of packets) {
      if (this.#ended) return;
      const index = this.#received++;
      const expected = this.#script.expected[index];
      const problem = this.#check(expected, packet);
      if (problem !== undefined) {
        this.#report({ connection: this.#number, index, reason: problem, expected, received: packet });
        if (this.#options.onMismatch === "close") {
          this.reset();
          return;
        }
      }
      if (expected === undefined) continue;
      if (this.#options.rewriteActionIds) {
        const recordedId = expected.get("ActionID");
        if (recordedId !== undefined) this.#ids.set(recordedId, packet.get("ActionID") ?? null);
      }
      this.#sendSegment(index + 1);
    }
  }

  #check(expected: AmiPacket | undefined, received: AmiPacket): string | undefined {
    if (expected === undefined) return "the client sent more packets than the recording holds";
    const mode = this.#options.match;
    if (mode === "none") return undefined;
    const wanted = expected.get("Action") ?? "";
    const got = received.get("Action") ?? "";
    if (wanted.toLowerCase() !== got.toLowerCase())
      return `expected Action ${wanted || "(none)"}, got ${got || "(none)"}`;
    if (mode === "fields") {
      const strip = (packet: AmiPacket) =>
        packet.fields
          .filter(([name]) => name.toLowerCase() !== "actionid")
          .map(([n, v]) => `${n.toLowerCase()}: ${v}`);
      const a = strip(expected);
      const b = strip(received);
      if (a.length !== b.length || a.some((line, i) => line !== b[i])) {
        return `headers differ from the recording: expected ${JSON.stringify(a)}, got ${JSON.stringify(b)}`;
      }
    }
    return undefined;
  }

  #sendSegment(index: number): void {
    const segment = this.#script.segments[index] ?? [];
    const texts = this.#options.rewriteActionIds
      ? rewriteActionIds(
          segment.map((chunk) => chunk.text),
          this.#ids,
        )
      : segment.map((chunk) => chunk.text);
    const scale = this.#options.timeScale;
    const last = index === this.#script.segments.length - 1;
    this.#output = this.#output.then(async () => {
      for (let i = 0; i < texts.length; i++) {
        const delay = scale === undefined ? 0 : (segment[i]?.delay ?? 0) * scale;
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        if (this.#ended) return;
        this.#endpoint.write(this.#encoder.encode(texts[i] as string));
      }
      if (last && !this.#ended) {
        this.completed = true;
        if (this.#script.serverCloses) {
          this.#ended = true;
          this.#endpoint.end();
        }
      }
    });
  }

  ended(): void {
    this.#ended = true;
  }

  reset(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#endpoint.reset();
  }
}

type ReplayOptionsResolved = Required<Omit<ReplayOptions, "timeScale">> & {
  readonly timeScale: number | undefined;
};

/**
 * Creates a {@link TranscriptReplay} from a transcript file path (read with `node:fs` when first needed)
 * or from parsed entries (see `parseTranscript`).
 */
export function replayTranscript(
  source: string | readonly TranscriptEntry[],
  options?: ReplayOptions,
): TranscriptReplay {
  return new TranscriptReplay(source, options);
}
