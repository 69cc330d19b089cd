import { readFileSync } from "node:fs";

/**
 * Prints the functions with the most self time in a V8 .cpuprofile (from `node --cpu-prof`):
 *   node src/profile-summary.mjs .profile/CPU.*.cpuprofile [top]
 */
const [file, top = "25"] = process.argv.slice(2);
if (!file) throw new Error("usage: node src/profile-summary.mjs <file.cpuprofile> [top]");
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let index = 0; index < profile.samples.length; index++) {
  const node = byId.get(profile.samples[index]);
  const { functionName, url, lineNumber } = node.callFrame;
  const name = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + (deltas[index] ?? 0));
}
const total = [...self.values()].reduce((sum, value) => sum + value, 0);
for (const [name, micros] of [...self].sort((left, right) => right[1] - left[1]).slice(0, Number(top))) {
  console.log(
    `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`,
  );
}
