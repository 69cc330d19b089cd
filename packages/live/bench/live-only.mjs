// Profiling aid: the live state's own cost per event, without the client's decoding in the timing.
// Decodes the call burst once through the client (so events have the client's exact object shapes),
// then feeds them to trackPbx from a stand-in client in batches like the socket reads' (~130 events).
//   node bench/live-only.mjs [--events 200000] [--rounds 5] [--batch 130]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createClient } from "@amikit/client";
import { AmiDecoder, encodePacket } from "@amikit/codec";
import { trackPbx } from "@amikit/live";
import { BehaviorSubject, Subject } from "rxjs";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "200000" },
    rounds: { type: "string", default: "5" },
    batch: { type: "string", default: "130" },
  },
});
const EVENTS = Number(values.events);
const BATCH = Number(values.batch);
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
// The events as the client hands them out: decode the wire through a real client once.
const events = await new Promise((resolve) => {
  const text = new TextEncoder();
  const wire = burst.map((fields) => encodePacket(fields));
  const out = [];
  const transport = {
    specificationVersion: "v1",
    name: "replay",
    async open(_target, handlers) {
      queueMicrotask(() => handlers.onData(text.encode("Asterisk Call Manager/11.0.0\r\n")));
      return {
        secure: false,
        async write(chunk) {
          const id = /ActionID: (.*)/.exec(new TextDecoder().decode(chunk))?.[1] ?? "";
          queueMicrotask(() => {
            handlers.onData(text.encode(`Response: Success\r\nActionID: ${id}\r\nMessage: ok\r\n\r\n`));
            for (let i = 0; i < EVENTS; i++) handlers.onData(wire[i % wire.length]);
          });
        },
        async close() {},
      };
    },
  };
  const client = createClient({ transport, username: "b", secret: "b" });
  client.events$.subscribe((event) => {
    out.push(event);
    if (out.length === EVENTS) resolve(out);
  });
  void client.connect();
});

async function round() {
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
  const pbx = trackPbx(client);
  let changes = 0;
  pbx.changes$.subscribe(() => changes++);
  await pbx.ready;
  const started = performance.now();
  for (let at = 0; at < events.length; at += BATCH) {
    const end = Math.min(at + BATCH, events.length);
    for (let i = at; i < end; i++) events$.next(events[i]);
    await null; // the live state's batch runs in a microtask
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
  const ns = ((performance.now() - started) * 1e6) / events.length;
  pbx.close();
  return { ns, changes };
}
const runs = [];
for (let i = 0; i < Number(values.rounds); i++) runs.push(await round());
const best = Math.min(...runs.map((run) => run.ns));
console.log(
  `live only: best ${best.toFixed(0)} ns/event (${runs.map((r) => r.ns.toFixed(0)).join(" ")}), ${runs[0].changes} changes`,
);
