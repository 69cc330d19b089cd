import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { callBurstCorpus } from "./corpus/call-burst.mjs";
import { fixedChunks } from "./corpus/corpus.mjs";
import { countInstructions } from "./count-instructions.mjs";
import { splitBaselineDriver } from "./decode/drivers/split-baseline.mjs";

/**
 * Instructions of a cold pass (the first pass of a fresh process, compilation included) over the
 * call-burst stream, in memory, for amikit's client + codec, its codec alone and split-baseline:
 *   node src/icount-cold.mjs [--size 10] [--clients amikit,codec,split]
 * Each runs twice under valgrind with `node --predictable` (every compilation on the main thread, so it
 * is counted, as it costs the one CPU a pinned benchmark process has): once set up without the pass,
 * once with it; the difference is the pass. Repeats to ~1 %, so a change to the cold figure of
 * `pnpm bench` (whose wall-clock pairs swing ±20 % on a shared machine) can be judged in minutes. The
 * client is fed through an in-memory transport: no socket, so the ratios are larger than end to end.
 */
const { values } = parseArgs({
  options: {
    size: { type: "string", default: "10" },
    clients: { type: "string", default: "amikit,codec,split" },
    child: { type: "string" },
    pass: { type: "boolean", default: false },
  },
});

if (values.child !== undefined) {
  const chunks = fixedChunks(callBurstCorpus(Number(values.size) * 1e6).bytes, 65536);
  let sink = 0;
  const feed = await setUp(values.child, () => sink++);
  if (values.pass) for (const chunk of chunks) feed(chunk);
  process.stdout.write(String(sink));
} else {
  const self = fileURLToPath(import.meta.url);
  const count = (client, pass) => {
    const run = countInstructions([
      self,
      "--child",
      client,
      "--size",
      values.size,
      ...(pass ? ["--pass"] : []),
    ]);
    return { instructions: run.instructions, events: Number(run.stdout) };
  };
  const passes = {};
  for (const client of values.clients.split(",")) {
    const pass = count(client, true);
    passes[client] = pass.instructions - count(client, false).instructions;
    console.log(
      `${client}: cold pass ${(passes[client] / 1e6).toFixed(0)} M instructions (${pass.events} events)`,
    );
  }
  if (passes.split !== undefined) {
    for (const [client, n] of Object.entries(passes)) {
      if (client !== "split")
        console.log(`${client}: ${(passes.split / n).toFixed(3)}× split's speed (instructions)`);
    }
  }
}

/** Sets up one reader; returns the function that feeds it one read. */
async function setUp(client, onEvent) {
  if (client === "split") {
    const session = splitBaselineDriver().open((packet) => {
      if (packet.Event !== undefined) onEvent();
    });
    return (chunk) => session.feed(chunk);
  }
  if (client === "codec") {
    const { AmiDecoder } = await import("@amikit/codec");
    const decoder = new AmiDecoder();
    return (chunk) => {
      for (const packet of decoder.push(chunk)) if (packet.toObject().Event !== undefined) onEvent();
    };
  }
  const { createClient } = await import("@amikit/client");
  /** @type {import("@amikit/client").AmiSocketHandlers | undefined} */
  let handlers;
  const encoder = new TextEncoder();
  const transport = {
    specificationVersion: "v1",
    name: "memory",
    async open(_target, given) {
      handlers = given;
      queueMicrotask(() => given.onData(encoder.encode("Asterisk Call Manager/11.0.0\r\n")));
      return {
        secure: false,
        async write(bytes) {
          const text = new TextDecoder().decode(bytes);
          const id = /ActionID: (.*)\r\n/.exec(text)?.[1];
          if (/Action: Login/i.test(text)) {
            queueMicrotask(() =>
              given.onData(
                encoder.encode(
                  `Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`,
                ),
              ),
            );
          }
        },
        async close() {
          given.onClose();
        },
      };
    },
  };
  const amikit = createClient({
    transport,
    host: "127.0.0.1",
    port: 5038,
    username: "u",
    secret: "s",
    reconnect: false,
  });
  amikit.events$.subscribe((event) => {
    if (event.Event !== undefined) onEvent();
  });
  await amikit.connect();
  return (chunk) => handlers?.onData(chunk);
}
