import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * The installed version of a dependency of bench/ (read from its package.json on disk, so packages
 * with an `exports` map work too).
 * @param {string} name
 */
export function packageVersion(name) {
  const file = path.join(benchDir, "node_modules", name, "package.json");
  return JSON.parse(readFileSync(file, "utf8")).version;
}
