// What the live benchmarks share: the recorded call burst's events, and a stand-in client.
import { readFileSync } from "node:fs";
import { AmiDecoder } from "@amikit/codec";
import { BehaviorSubject, Subject } from "rxjs";

/** The fields of every event of the recorded call burst that no action asked for (no ActionID), in order. */
export function callBurstFields() {
  const transcript = new URL(
    "../../../tools/test-support/fixtures/transcripts/asterisk-22/call-burst.jsonl",
    import.meta.url,
  );
  const decoder = new AmiDecoder();
  const burst = [];
  for (const line of readFileSync(transcript, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const entry = JSON.parse(line);
    if (entry.dir !== "s2c") continue;
    for (const packet of decoder.push(new TextEncoder().encode(entry.text))) {
      if (packet.type === "event" && !packet.fields.some(([name]) => name === "ActionID"))
        burst.push(packet.fields);
    }
  }
  return burst;
}

/** A stand-in client: connected, every list empty, events pushed by the measurement on `events$`. */
export function standInClient() {
  const events$ = new Subject();
  const state$ = new BehaviorSubject({ status: "connected" });
  const client = {
    events$,
    state$,
    get state() {
      return state$.value;
    },
    list: async () => ({ response: {}, events: [], complete: undefined }),
  };
  return { client, events$ };
}
