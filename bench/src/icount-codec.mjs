import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { countInstructions } from "./count-instructions.mjs";

/**
 * Instructions, not time: two builds of @amikit/codec on the event path of `ab-codec.mjs` (decode every
 * read, `toObject()` every packet), each run under valgrind's instruction counter:
 *   node src/icount-codec.mjs --a /tmp/codec-old/dist --b ../packages/codec/dist
 * On a shared machine a wall-clock A/B of a 5–10 % change needs a quiet hour; an instruction count
 * does not depend on what else runs. `node --predictable` (no concurrent compiler or GC threads, no
 * timing-based heap decisions) makes the count repeat to about 1 %. Each build runs twice: one pass
 * (setup plus a cold pass) and four passes; their difference / 3 is one warm pass. Instructions are a
 * proxy: cache misses and GC pauses cost time that the count does not show. Needs `valgrind`
 * (Debian package `valgrind`); about a minute per build with the default 5 MB.
 */
const { values } = parseArgs({
  options: {
    a: { type: "string" },
    b: { type: "string" },
    size: { type: "string", default: "5" },
  },
});
if (!values.a || !values.b) throw new Error("usage: --a <codec dist> --b <codec dist> [--size MB]");
const abCodec = fileURLToPath(new URL("./ab-codec.mjs", import.meta.url));

/** Instructions of one child run of ab-codec.mjs: one pass (`warmPasses` 0) or one plus `warmPasses`. */
function instructions(dist, warmPasses) {
  const child = [abCodec, "--child", path.resolve(dist), "--size", values.size];
  child.push(...(warmPasses === 0 ? ["--cold"] : ["--passes", String(warmPasses)]));
  return countInstructions(child).instructions;
}

const counts = {};
for (const which of ["a", "b"]) {
  const dist = /** @type {string} */ (values[which]);
  const first = instructions(dist, 0);
  const four = instructions(dist, 3);
  counts[which] = { first, warm: (four - first) / 3 };
  console.log(
    `${which.toUpperCase()} ${dist}: setup + cold pass ${(first / 1e6).toFixed(0)} M instructions, warm pass ${(counts[which].warm / 1e6).toFixed(0)} M`,
  );
}
console.log(
  `B / A: warm pass ${(counts.b.warm / counts.a.warm).toFixed(3)}, setup + cold pass ${(counts.b.first / counts.a.first).toFixed(3)} (instructions; lower is less work)`,
);
