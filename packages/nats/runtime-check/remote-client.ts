// The remote client under Deno and Bun: run by src/remote-runtimes.test.ts with
// `deno run` / `bun`, against a relay the test started. Prints one JSON line with what it saw.
import { connect } from "@nats-io/transport-node";
import { createRemoteClient } from "../dist/index.js";

const runtime = globalThis as unknown as {
  Deno?: { args: string[] };
  process?: { argv: string[] };
};
const [url, server, countText] = runtime.Deno?.args ?? runtime.process?.argv.slice(2) ?? [];
const count = Number(countText);

const nats = await connect({ servers: url });
const remote = await createRemoteClient({ nats, server: String(server), deliver: "all" });
const counters: number[] = [];
const markers: string[] = [];
remote.markers$.subscribe((status) => markers.push(status.status));
const done = new Promise<void>((resolve) => {
  remote.events$.subscribe((event) => {
    if (typeof event.Counter === "string") counters.push(Number(event.Counter));
    if (counters.length >= count) resolve();
  });
});
const timeout = setTimeout(() => {
  console.log(JSON.stringify({ error: `timed out with ${counters.length} events` }));
  throw new Error("timed out");
}, 20_000);
await done;
clearTimeout(timeout);
const pong = await remote.action("Ping");
const queue = await remote.list("QueueStatus");
await remote.close();
await nats.close();
console.log(
  JSON.stringify({
    inOrder: counters.every((value, index) => value === index + 1),
    events: counters.length,
    markers,
    ping: pong.Ping,
    items: queue.events.length,
  }),
);
