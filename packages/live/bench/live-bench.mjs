// `pnpm bench` for @amikit/live: events per second through the live state on the recorded call burst,
// as a ratio to the client alone in the same run (the target: >= 0.5x). Both read the same bytes
// from an in-process transport that answers Login and streams the corpus; the live run tracks every
// domain with a changes$ subscriber, so every event goes through the reducers and the change diff.
import { parseArgs } from "node:util";
import { createClient } from "@amikit/client";
import { encodePacket } from "@amikit/codec";
import { trackPbx } from "@amikit/live";
import { callBurstFields } from "./bench-support.mjs";
import { measureMemory } from "./memory-flat.mjs";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "200000" },
    rounds: { type: "string", default: "5" },
    calls: { type: "string", default: "1000000" },
    // For profiling: run only the live rounds, or only the client's (no ratio then).
    only: { type: "string" },
    // A/B: also time another build of @amikit/live (its dist/index.js) in the same rounds.
    ab: { type: "string" },
  },
});
const EVENTS = Number(values.events);
const ROUNDS = Number(values.rounds);

// ── the corpus: every event of the recorded call burst, repeated to EVENTS ─────────────────────────
const burst = callBurstFields();
const parts = Array.from({ length: EVENTS }, (_, i) => encodePacket(burst[i % burst.length]));
const wire = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
let offset = 0;
for (const part of parts) {
  wire.set(part, offset);
  offset += part.length;
}

/** A transport that answers every action with Success (lists come back empty) and streams `wire` on start(). */
function replayTransport() {
  let feed;
  const text = new TextEncoder();
  return {
    transport: {
      specificationVersion: "v1",
      name: "replay",
      async open(_target, handlers) {
        queueMicrotask(() => handlers.onData(text.encode("Asterisk Call Manager/11.0.0\r\n")));
        feed = async () => {
          for (let at = 0; at < wire.length; at += 65_536) {
            handlers.onData(wire.subarray(at, Math.min(at + 65_536, wire.length)));
            if ((at / 65_536) % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
          }
        };
        return {
          secure: false,
          async write(chunk) {
            // One write may carry several actions (the snapshot's are sent together): answer each.
            for (const request of new TextDecoder().decode(chunk).split("\r\n\r\n")) {
              if (request.trim() === "") continue;
              const id = /ActionID: (.*)/.exec(request)?.[1] ?? "";
              const reply = /^Action: Logoff/im.test(request)
                ? `Response: Goodbye\r\nActionID: ${id}\r\nMessage: Thanks for all the fish.\r\n\r\n`
                : `Response: Success\r\nActionID: ${id}\r\nMessage: ok\r\n\r\n`;
              queueMicrotask(() => handlers.onData(text.encode(reply)));
            }
          },
          async close() {
            queueMicrotask(() => handlers.onClose());
          },
        };
      },
    },
    start: () => feed(),
  };
}

/** One round: events per second from the first byte to the last event handled. */
async function round(withLive, track = trackPbx) {
  const replay = replayTransport();
  const client = createClient({ transport: replay.transport, username: "bench", secret: "bench" });
  let seen = 0;
  let done;
  const finished = new Promise((resolve) => {
    done = resolve;
  });
  client.events$.subscribe(() => {
    if (++seen === EVENTS) done();
  });
  await client.connect();
  let changes = 0;
  let pbx;
  if (withLive) {
    pbx = track(client);
    pbx.changes$.subscribe(() => changes++);
    await pbx.ready;
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  await replay.start();
  await finished;
  await new Promise((resolve) => setTimeout(resolve, 0)); // the live state's last batch
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  pbx?.close();
  await client.close();
  return { rate: EVENTS / seconds, cpuRate: EVENTS / ((used.user + used.system) / 1e6), changes };
}

const best = (runs) => Math.max(...runs.map((run) => run.rate));
const other = values.ab === undefined ? undefined : (await import(values.ab)).trackPbx;
const alone = [];
const live = [];
const others = [];
for (let i = 0; i < ROUNDS; i++) {
  if (values.only !== "live") alone.push(await round(false));
  if (values.only !== "alone") live.push(await round(true));
  if (other !== undefined) others.push(await round(true, other));
}
const format = (rate) => `${Math.round(rate).toLocaleString("en-US")} events/s`;
console.log(`@amikit/live bench: ${EVENTS.toLocaleString("en-US")} call-burst events, best of ${ROUNDS}`);
if (alone.length > 0) console.log(`  client alone:        ${format(best(alone))}`);
if (live.length > 0) {
  console.log(
    `  client + live state: ${format(best(live))} (${live[0]?.changes.toLocaleString("en-US")} changes)`,
  );
}
if (alone.length > 0 && live.length > 0) {
  const ratio = best(live) / best(alone);
  console.log(`  ratio ${ratio.toFixed(2)}x — target >= 0.5x: ${ratio >= 0.5 ? "met" : "MISSED"}`);
  // The same per CPU second of this process: what the load of a shared machine moves least.
  const cpuBest = (runs) => Math.max(...runs.map((run) => run.cpuRate));
  console.log(
    `  per CPU second: ${(cpuBest(live) / cpuBest(alone)).toFixed(2)}x (wall-clock waits left out)`,
  );
  if (others.length > 0) {
    console.log(
      `  other build (${values.ab}): ${format(best(others))}, ratio ${(best(others) / best(alone)).toFixed(2)}x`,
    );
  }
}
const CALLS = Number(values.calls);
if (CALLS === 0) process.exit(0);
const memory = await measureMemory(CALLS);
console.log(
  `  memory over ${CALLS.toLocaleString("en-US")} simulated calls (retention 0, ${memory.overlap} at a time, ${memory.changes.toLocaleString("en-US")} changes):`,
);
console.log(`    heap after GC: ${memory.samples.map((s) => s.heapMb.toFixed(1)).join(" → ")} MB`);
console.log(
  `    growth ${memory.growthMb.toFixed(2)} MB, end state ${memory.sizes.calls} calls / ${memory.sizes.channels} channels / ${memory.sizes.bridges} bridges — flat (< ${memory.limitMb} MB, only the calls up): ${memory.flat ? "met" : "MISSED"}`,
);
