// Test-only helpers for the replay suites: a replay of one recorded Asterisk 22 conversation, a client
// on it, and which test file replays which transcript (so together they replay every one).
import { transcriptPath } from "@amikit/test-support";
import { type ReplayOptions, replayTranscript, type TranscriptReplay } from "@amikit/testing";
import { it } from "vitest";
import type { AmiClient } from "../ami-client.ts";
import { createClient } from "../client.ts";
import type { AmiClientOptions } from "../options.ts";
import { onCleanup } from "./harness.ts";

/** A replay of the transcript `name` (closed after the test); by default every header is checked. */
export function replay(name: string, options: ReplayOptions = { match: "fields" }): TranscriptReplay {
  const server = replayTranscript(transcriptPath(name), options);
  onCleanup(() => server.close());
  return server;
}

/** A client of `server` as the recording's `admin`, without reconnect (closed after the test). */
export function replayClient(server: TranscriptReplay, options: Partial<AmiClientOptions> = {}): AmiClient {
  const client = createClient({
    transport: server.transport(),
    username: "admin",
    secret: "amipass",
    reconnect: false,
    closeTimeout: 50,
    ...options,
  });
  onCleanup(() => client.close());
  return client;
}

/** Replayed by client-replay-calls.test.ts: bridges, Local optimisation, transfers, hold, parking. */
export const callTranscripts: readonly string[] = [
  "attended-transfer",
  "blind-transfer",
  "bridge-two-party",
  "hold",
  "local-optimization",
  "park",
];

/** Replayed by client-replay-services.test.ts: queues, conferences, device and presence states. */
export const serviceTranscripts: readonly string[] = ["conference", "device-state", "queue-call"];

/** Declares one test per transcript and remembers the names, for the file's own coverage check. */
export function scenarios(): {
  readonly covered: ReadonlySet<string>;
  scenario(name: string, run: () => Promise<void>): void;
} {
  const covered = new Set<string>();
  return {
    covered,
    scenario(name, run) {
      covered.add(name);
      it(name, run);
    },
  };
}
