// What the live benchmarks share: the recorded call burst's events, and a stand-in client.
import { AmiDecoder } from "@amikit/codec";
import { readTranscript } from "@amikit/test-support";
import { BehaviorSubject, Subject } from "rxjs";

/** The fields of every event of the recorded call burst that no action asked for (no ActionID), in order. */
export function callBurstFields() {
  const decoder = new AmiDecoder();
  const burst = [];
  for (const chunk of readTranscript("call-burst").serverChunks) {
    for (const packet of decoder.push(chunk)) {
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
