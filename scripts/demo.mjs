// The interim amikit demo (until the CLI exists): replays what a real Asterisk 22.10.1 sent during an
// async Originate (../shared/transcripts/asterisk-22/originate-call.jsonl) through the built
// @amikit/codec decoder, socket read by socket read, and prints the packets it decodes.
// Run it with `pnpm demo` (which builds first). No Asterisk needed.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AmiDecoder } from "../packages/codec/dist/index.js";

const FULLY_SHOWN = 25;
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// biome-ignore lint/suspicious/noUndeclaredEnvVars: the demo runs after turbo, not as a cached task.
const sharedDirectory = process.env.AMIKIT_SHARED_DIR ?? resolve(repositoryRoot, "../shared");
const transcriptFile = join(sharedDirectory, "transcripts", "asterisk-22", "originate-call.jsonl");

let transcript;
try {
  transcript = readFileSync(transcriptFile, "utf8");
} catch (error) {
  console.error(`Cannot read the transcript ${transcriptFile}: ${error.message}`);
  console.error("Put the shared data next to the repository (../shared) or set AMIKIT_SHARED_DIR.");
  process.exit(1);
}

const serverReads = transcript
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line))
  .filter((entry) => entry.dir === "s2c");

const encoder = new TextEncoder();
const decoder = new AmiDecoder({ expectGreeting: true });
const packets = [];
let bytes = 0;
for (const read of serverReads) {
  const chunk = encoder.encode(read.text);
  bytes += chunk.length;
  packets.push(...decoder.push(chunk));
}
decoder.end();

console.log(`amikit demo: ${transcriptFile}`);
console.log(
  `${serverReads.length} socket reads, ${bytes} bytes from Asterisk 22.10.1 -> ${packets.length} packets\n`,
);

packets.slice(0, FULLY_SHOWN).forEach((packet, index) => {
  console.log(`#${index + 1} ${packet.type} ${packet.name}`);
  const width = Math.max(0, ...packet.fields.map(([key]) => key.length));
  for (const [key, value] of packet.fields) console.log(`    ${key.padEnd(width)} : ${value}`);
  console.log("");
});
if (packets.length > FULLY_SHOWN) {
  console.log(`... and ${packets.length - FULLY_SHOWN} more, one line each:`);
  packets.slice(FULLY_SHOWN).forEach((packet, index) => {
    const details = ["ActionID", "Channel", "CallerIDName", "Header2"]
      .filter((key) => packet.has(key))
      .map((key) => `${key}=${packet.get(key)}`);
    console.log(`#${FULLY_SHOWN + index + 1} ${packet.type} ${packet.name}  ${details.join("  ")}`);
  });
  console.log("");
}

const byType = new Map();
const byName = new Map();
for (const packet of packets) {
  byType.set(packet.type, (byType.get(packet.type) ?? 0) + 1);
  const label = `${packet.type} ${packet.name}`;
  byName.set(label, (byName.get(label) ?? 0) + 1);
}
console.log("Summary by type:");
for (const [type, count] of byType) console.log(`  ${type.padEnd(10)} ${count}`);
console.log("Summary by type and name:");
const labelWidth = Math.max(...[...byName.keys()].map((label) => label.length));
for (const [label, count] of [...byName].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
  console.log(`  ${label.padEnd(labelWidth)} ${count}`);
}
