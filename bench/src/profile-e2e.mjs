import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { callBurstCorpus } from "./corpus/call-burst.mjs";
import { startReplayServer } from "./e2e/replay-server.mjs";

/**
 * Profiles one end-to-end client measurement:
 *   node src/profile-e2e.mjs --client amikit --mode ping --dir /tmp/prof
 * runs the client worker under `node --cpu-prof` against a replay server in this process (event streams
 * are played twice, as in the benchmark: the first pass warms the client up).
 */
const { values } = parseArgs({
  options: {
    client: { type: "string", default: "amikit" },
    mode: { type: "string", default: "ping" },
    pings: { type: "string", default: "100000" },
    size: { type: "string", default: "30" },
    dir: { type: "string", default: "/tmp/prof" },
  },
});
const corpus = callBurstCorpus(Number(values.size) * 1e6);
const server = await startReplayServer();
server.setScenario(
  values.mode === "ping"
    ? { kind: "idle" }
    : { kind: "stream", bytes: corpus.bytes, chunkBytes: 65536, warmup: corpus.bytes },
);
const worker = fileURLToPath(new URL("./e2e/client-worker.mjs", import.meta.url));
const out = `${values.dir}/result.json`;
// spawnSync would block the server in this process, so run the worker asynchronously.
const { spawn } = await import("node:child_process");
await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    [
      `--cpu-prof`,
      `--cpu-prof-dir=${values.dir}`,
      worker,
      "--client",
      values.client,
      "--port",
      String(server.port),
      "--mode",
      values.mode,
      "--pings",
      values.pings,
      "--expect",
      String(corpus.packetCount),
      "--warmup",
      String(values.mode === "ping" ? 0 : corpus.packetCount),
      "--out",
      out,
    ],
    { stdio: "inherit" },
  );
  child.on("exit", resolve);
});
console.log(spawnSync("cat", [out]).stdout.toString().slice(0, 300));
await server.close();
