// Profiling aid: the live state's own cost per event, without the client's decoding in the timing.
// Decodes the call burst once through the client (so events have the client's exact object shapes),
// then feeds them to trackPbx from a stand-in client in batches about as live-bench.mjs makes them (its
// 200,000 events made 269 live batches, ~750 events each, with the client of 2026-12-03).
//   node bench/live-only.mjs [--events 200000] [--rounds 5] [--batch <events>] [--ab other/dist/index.js]
// With --ab, rounds alternate between another build of the package (say, the last commit's, built to a
// scratch directory) and this one, so both see the same machine load.
import { parseArgs } from "node:util";
import { createClient } from "@amikit/client";
import { encodePacket } from "@amikit/codec";
import { trackPbx as thisBuild } from "@amikit/live";
import { callBurstFields, standInClient } from "./bench-support.mjs";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "200000" },
    rounds: { type: "string", default: "5" },
    batch: { type: "string" },
    ab: { type: "string" },
    // Time another build (its dist/index.js) instead of this one, e.g. to count instructions under
    // valgrind (the machine-independent A/B: see README.md).
    build: { type: "string" },
  },
});
const EVENTS = Number(values.events);
const burst = callBurstFields();
const BATCH = Number(values.batch ?? 750);
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

async function round(trackPbx) {
  const { client, events$ } = standInClient();
  const pbx = trackPbx(client);
  let changes = 0;
  if (process.env.NO_CHANGES === undefined) pbx.changes$.subscribe(() => changes++);
  await pbx.ready;
  const cpu = process.cpuUsage();
  for (let at = 0; at < events.length; at += BATCH) {
    const end = Math.min(at + BATCH, events.length);
    for (let i = at; i < end; i++) events$.next(events[i]);
    await null; // the live state's batch runs in a microtask
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
  // CPU time, not wall time: on a shared machine it is what this process spent, not what it waited.
  const used = process.cpuUsage(cpu);
  const ns = ((used.user + used.system) * 1e3) / events.length;
  pbx.close();
  return { ns, changes };
}
const trackPbx = values.build === undefined ? thisBuild : (await import(values.build)).trackPbx;
const other = values.ab === undefined ? undefined : (await import(values.ab)).trackPbx;
const runs = [];
const others = [];
for (let i = 0; i < Number(values.rounds); i++) {
  if (other !== undefined) others.push(await round(other));
  runs.push(await round(trackPbx));
}
const summary = (name, list) => {
  const sorted = list.map((run) => run.ns).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `${name}: best ${sorted[0].toFixed(0)} ns of CPU/event, median ${median.toFixed(0)} (${list.map((r) => r.ns.toFixed(0)).join(" ")}), ${list[0].changes} changes`,
  );
  return sorted[0];
};
console.log(`batches of ${BATCH} events`);
const mine = summary("live only", runs);
if (other !== undefined) {
  const theirs = summary("other build", others);
  console.log(`this build / other: ${(mine / theirs).toFixed(2)} (best against best)`);
}
