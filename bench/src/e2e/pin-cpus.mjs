import { spawnSync } from "node:child_process";

/**
 * Pins the replay server and the client under test to different CPUs (Linux, `taskset`, at least two
 * allowed CPUs). Left to the scheduler, in a series of back-to-back runs on the 2-core benchmark machine
 * split-baseline came out at either ~190 000 or ~300 000 events/s from one process to the next, which
 * made every per-round ratio a coin toss; pinned, the same series agreed within a few per cent. (The
 * machine is shared: slower phases still come and go, and slow every client of a round alike.)
 *
 * Returns `undefined` (nothing pinned) where that cannot be done.
 * @returns {{ server: string, client: string, command(args: string[]): [string, string[]], restore(): void } | undefined}
 */
export function pinCpus() {
  if (process.platform !== "linux") return undefined;
  const pid = String(process.pid);
  const current = spawnSync("taskset", ["-c", "-p", pid], { encoding: "utf8" });
  if (current.status !== 0) return undefined;
  // "pid 123's current affinity list: 0-3,6"
  const list = current.stdout.trim().split(": ").pop() ?? "";
  const cpus = parseCpuList(list);
  if (cpus.length < 2) return undefined;
  const [server, client] = [String(cpus[0]), String(cpus[1])];
  if (spawnSync("taskset", ["-a", "-c", "-p", server, pid]).status !== 0) return undefined;
  return {
    server,
    client,
    command: (args) => ["taskset", ["-c", client, process.execPath, ...args]],
    restore: () => {
      spawnSync("taskset", ["-a", "-c", "-p", list, pid]);
    },
  };
}

/**
 * The CPUs of a Linux CPU list such as `0-3,6`, ascending.
 * @param {string} list
 * @returns {number[]}
 */
export function parseCpuList(list) {
  const cpus = new Set();
  for (const part of list.split(",")) {
    const match = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!match) continue;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}
