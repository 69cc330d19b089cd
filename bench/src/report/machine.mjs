import { spawnSync } from "node:child_process";
import os from "node:os";
import { repoRoot } from "../paths.mjs";

/** The commit measured, and whether amikit's packages differed from it (uncommitted edits). */
function measuredCommit() {
  const git = (args) => spawnSync("git", args, { cwd: repoRoot, encoding: "utf8" });
  const head = git(["rev-parse", "--short", "HEAD"]);
  if (head.status !== 0) return "unknown";
  const dirty = git([
    "status",
    "--porcelain",
    "--",
    "packages/codec",
    "packages/client",
    "packages/node",
  ]).stdout.trim();
  return `${head.stdout.trim()}${dirty === "" ? "" : " + uncommitted changes in packages/"}`;
}

/**
 * What the numbers were measured on. Load average is included because the benchmark machine may be shared.
 * @returns {{ cpu: string, cores: number, memoryGiB: number, os: string, node: string, v8: string, commit: string, loadAverage: string }}
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
    commit: measuredCommit(),
    loadAverage: os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(" "),
  };
}
