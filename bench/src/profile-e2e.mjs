import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { callBurstCorpus } from "./corpus/call-burst.mjs";
import { pinCpus } from "./e2e/pin-cpus.mjs";
import { startReplayServer } from "./e2e/replay-server.mjs";

/**
 * Profiles one end-to-end client measurement:
 *   node src/profile-e2e.mjs --client amikit --mode ping --dir /tmp/prof
 * runs the client worker under `node --cpu-prof` against a replay server in this process (event streams
 * are played twice, as in the benchmark: the first pass warms the client up; `--cold` plays it once).
 * `--node-args="--trace-deopt --no-cpu-prof"` passes V8 flags to the worker instead of profiling it
 * (any `--no-cpu-prof` in them drops the profile). `--pin` pins the server and the worker to different
 * CPUs as the benchmark does (Linux, `taskset`).
 */
const { values } = parseArgs({
  options: {
    client: { type: "string", default: "amikit" },
    mode: { type: "string", default: "ping" },
    pings: { type: "string", default: "100000" },
    size: { type: "string", default: "30" },
    dir: { type: "string", default: "/tmp/prof" },
    cold: { type: "boolean", default: false },
    "node-args": { type: "string", default: "" },
    pin: { type: "boolean", default: false },
  },
});
const corpus = callBurstCorpus(Number(values.size) * 1e6);
const server = await startReplayServer();
server.setScenario(
  values.mode === "ping"
    ? { kind: "idle" }
    : {
        kind: "stream",
        bytes: corpus.bytes,
        chunkBytes: 65536,
        warmup: values.cold ? undefined : corpus.bytes,
      },
);
/** The worker's V8 flags: the profile's, unless `--no-cpu-prof` is among the given ones. */
function nodeArgs(given) {
  const extra = given.split(" ").filter((arg) => arg !== "");
  if (extra.includes("--no-cpu-prof")) return extra.filter((arg) => arg !== "--no-cpu-prof");
  return ["--cpu-prof", `--cpu-prof-dir=${values.dir}`, ...extra];
}
const worker = fileURLToPath(new URL("./e2e/client-worker.mjs", import.meta.url));
const pin = values.pin ? pinCpus() : undefined;
mkdirSync(values.dir, { recursive: true });
const out = `${values.dir}/result.json`;
// spawnSync would block the server in this process, so run the worker asynchronously.
const { spawn } = await import("node:child_process");
await new Promise((resolve) => {
  const args = [
    ...nodeArgs(values["node-args"]),
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
    String(values.mode === "ping" || values.cold ? 0 : corpus.packetCount),
    "--out",
    out,
  ];
  const [command, commandArgs] = pin ? pin.command(args) : [process.execPath, args];
  const child = spawn(command, commandArgs, { stdio: "inherit" });
  child.on("exit", resolve);
});
pin?.restore();
console.log(spawnSync("cat", [out]).stdout.toString().slice(0, 300));
await server.close();
