import os from "node:os";

/**
 * What the numbers were measured on. Load average is included because the benchmark machine may be shared.
 * @returns {{ cpu: string, cores: number, memoryGiB: number, os: string, node: string, v8: string, loadAverage: string }}
 */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverage: os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(" "),
  };
}
