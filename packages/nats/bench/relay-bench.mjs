// `pnpm bench` for @amikit/nats: relay throughput against a bare JetStream publish loop of the same
// payloads, and the round trip an action through the relay adds to a direct one. Starts its own
// nats-server on 127.0.0.1 (skips with one line when it is not installed). Figures are printed with
// met / MISSED against the targets (throughput >= 0.7x bare; p99 added latency < 2 ms).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient } from "@amikit/client";
import { AmiDecoder, encodePacket } from "@amikit/codec";
import { createRemoteClient, startRelay } from "@amikit/nats";
import { nodeTransport } from "@amikit/node";
import { readTranscript } from "@amikit/test-support";
import { createFakeAsterisk } from "@amikit/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "200000" },
    rounds: { type: "string", default: "3" },
    pings: { type: "string", default: "2000" },
    window: { type: "string", default: "256" },
  },
});
const EVENTS = Number(values.events);
const ROUNDS = Number(values.rounds);
const PINGS = Number(values.pings);
const WINDOW = Number(values.window);

const natsBinary = ["/usr/bin/nats-server", "/usr/sbin/nats-server", "/usr/local/bin/nats-server"].find(
  existsSync,
);
if (natsBinary === undefined) {
  console.log("@amikit/nats bench skipped: nats-server is not installed (apt-get install -y nats-server)");
  process.exit(0);
}

// ── the corpus: every event of the recorded call burst, repeated to EVENTS ──────────────────────────
const decoder = new AmiDecoder();
const burst = [];
for (const chunk of readTranscript("call-burst").serverChunks) {
  for (const packet of decoder.push(chunk)) {
    if (packet.type === "event") burst.push({ name: packet.name, fields: packet.fields });
  }
}
const events = Array.from({ length: EVENTS }, (_, i) => burst[i % burst.length]);
const payloads = events.map((event) => encodePacket(event.fields));
const wire = concat(payloads);
const bytes = wire.length;

function concat(parts) {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ── nats-server ─────────────────────────────────────────────────────────────────────────────────
const port = await new Promise((resolve) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const store = mkdtempSync(join(tmpdir(), "amikit-nats-bench-"));
const natsProcess = spawn(natsBinary, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", store], {
  stdio: "ignore",
});
let nc;
for (let attempt = 0; nc === undefined; attempt++) {
  try {
    nc = await connect({ servers: `nats://127.0.0.1:${port}`, reconnect: false });
  } catch (error) {
    if (attempt > 200) throw error;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);

// ── a transport that replays the corpus as one Asterisk login would send it ────────────────────────
/** Sends the greeting, answers Login, then streams `wire` in 64 KiB reads once `start()` is called. */
function replayTransport() {
  let feed;
  return {
    transport: {
      specificationVersion: "v1",
      name: "replay",
      async open(_target, handlers) {
        const text = new TextEncoder();
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
            const request = new TextDecoder().decode(chunk);
            const id = /ActionID: (.*)\r\n/.exec(request)?.[1] ?? "";
            const message = request.startsWith("Action: Login") ? "Authentication accepted" : "ok";
            const reply = request.startsWith("Action: Logoff")
              ? `Response: Goodbye\r\nActionID: ${id}\r\nMessage: Thanks for all the fish.\r\n\r\n`
              : `Response: Success\r\nActionID: ${id}\r\nMessage: ${message}\r\n\r\n`;
            queueMicrotask(() => handlers.onData(text.encode(reply)));
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

async function bareRound(round) {
  const stream = `BARE_${round}`;
  await jsm.streams.add({ name: stream, subjects: [`bare${round}.>`] });
  const started = performance.now();
  let next = 0;
  let inFlight = 0;
  await new Promise((resolve, reject) => {
    const pump = () => {
      while (inFlight < WINDOW && next < EVENTS) {
        const i = next++;
        inFlight++;
        js.publish(`bare${round}.event.${events[i].name}`, payloads[i], { msgID: `bare.${round}.${i}` }).then(
          () => {
            inFlight--;
            if (next === EVENTS && inFlight === 0) resolve();
            else pump();
          },
          reject,
        );
      }
    };
    pump();
  });
  const seconds = (performance.now() - started) / 1000;
  await jsm.streams.delete(stream);
  return EVENTS / seconds;
}

async function relayRound(round) {
  const server = `bench${round}`;
  const replay = replayTransport();
  const relay = await startRelay({
    nats: nc,
    transport: replay.transport,
    servers: [{ name: server, username: "bench", secret: "bench", client: { keepalive: false } }],
    publishWindow: WINDOW,
    bufferSize: EVENTS + 10,
  });
  while (relay.lastStatus(server)?.status !== "connected")
    await new Promise((resolve) => setTimeout(resolve, 5));
  await relay.idle();
  const before = relay.counters(server).published;
  const started = performance.now();
  await replay.start();
  await relay.idle();
  const seconds = (performance.now() - started) / 1000;
  const stored = relay.counters(server).published - before;
  await relay.close();
  await jsm.streams.delete(`AMI_${server}`);
  if (stored !== EVENTS) throw new Error(`the relay stored ${stored} of ${EVENTS} events`);
  return EVENTS / seconds;
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

console.error(`[nats bench] ${EVENTS} call-burst events (${(bytes / 1e6).toFixed(1)} MB), ${ROUNDS} rounds`);
const bare = [];
const relayed = [];
for (let round = 0; round < ROUNDS; round++) {
  bare.push(await bareRound(round));
  relayed.push(await relayRound(round));
  console.error(
    `[nats bench] round ${round + 1}: bare ${bare.at(-1).toFixed(0)}/s, relay ${relayed.at(-1).toFixed(0)}/s`,
  );
}

// ── action round trip: direct vs through the relay, same fake Asterisk over TCP ──────────────────────
const fake = createFakeAsterisk();
const address = await fake.listen();
const direct = createClient({
  transport: nodeTransport(),
  host: address.host,
  port: address.port,
  username: "admin",
  secret: "amipass",
  events: false,
});
await direct.connect();
const relay = await startRelay({
  nats: nc,
  transport: nodeTransport(),
  servers: [{ name: "rtt", host: address.host, port: address.port, username: "admin", secret: "amipass" }],
});
while (relay.lastStatus("rtt")?.status !== "connected")
  await new Promise((resolve) => setTimeout(resolve, 5));
const remote = await createRemoteClient({ nats: nc, server: "rtt", events: false });
async function timings(client) {
  for (let i = 0; i < 200; i++) await client.action("Ping"); // warm-up
  const list = [];
  for (let i = 0; i < PINGS; i++) {
    const started = performance.now();
    await client.action("Ping");
    list.push(performance.now() - started);
  }
  return list.sort((a, b) => a - b);
}
const directTimes = await timings(direct);
const remoteTimes = await timings(remote);
await remote.close();
await relay.close();
await direct.close();
await fake.close();
await nc.close();
natsProcess.kill("SIGTERM");
rmSync(store, { recursive: true, force: true });

const ratio = median(relayed) / median(bare);
const p50 = percentile(remoteTimes, 50) - percentile(directTimes, 50);
const p99 = percentile(remoteTimes, 99) - percentile(directTimes, 99);
const mark = (ok) => (ok ? "met" : "MISSED");
console.log(
  `\n## @amikit/nats (${EVENTS} call-burst events, median of ${ROUNDS} rounds; ${PINGS} sequential Pings)\n`,
);
console.log("| figure | value | target | |");
console.log("| --- | --- | --- | --- |");
console.log(`| bare JetStream publish loop (window ${WINDOW}) | ${median(bare).toFixed(0)} events/s | | |`);
console.log(
  `| relay (AMI bytes in → stored, window ${WINDOW}) | ${median(relayed).toFixed(0)} events/s | | |`,
);
console.log(`| relay / bare | ${ratio.toFixed(2)}× | ≥ 0.7× | ${mark(ratio >= 0.7)} |`);
console.log(
  `| Ping direct p50 / p99 | ${percentile(directTimes, 50).toFixed(3)} / ${percentile(directTimes, 99).toFixed(3)} ms | | |`,
);
console.log(
  `| Ping via relay p50 / p99 | ${percentile(remoteTimes, 50).toFixed(3)} / ${percentile(remoteTimes, 99).toFixed(3)} ms | | |`,
);
console.log(`| added p50 | ${p50.toFixed(3)} ms | | |`);
console.log(`| added p99 | ${p99.toFixed(3)} ms | < 2 ms | ${mark(p99 < 2)} |`);
