import { spawnSync } from "node:child_process";

/**
 * Runs `node --predictable <args>` under valgrind's instruction counter (cachegrind, no cache
 * simulation) and returns the instructions it executed and what it printed. `--predictable` runs
 * compilation and GC on the main thread with no timing-based decisions, so a count repeats to ~1 %.
 * Shared by `icount-codec.mjs` and `icount-cold.mjs`; needs `valgrind` (Debian package `valgrind`).
 * @param {string[]} args the node arguments after `--predictable`
 * @returns {{ instructions: number, stdout: string }}
 */
export function countInstructions(args) {
  const run = spawnSync(
    "valgrind",
    [
      "--tool=cachegrind",
      "--cache-sim=no",
      "--cachegrind-out-file=/dev/null",
      process.execPath,
      "--predictable",
      ...args,
    ],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const match = /I\s+refs:\s+([\d,]+)/.exec(run.stderr ?? "");
  if (run.status !== 0 || !match) {
    throw new Error(`valgrind run failed (is valgrind installed?): ${run.error ?? run.stderr?.slice(-500)}`);
  }
  return { instructions: Number((match[1] ?? "").replaceAll(",", "")), stdout: run.stdout };
}
