#!/usr/bin/env node
import { join } from "node:path";
import { type OutputTree, staleFiles, writeTree } from "./output.ts";

// Bootstrap: the full generator lands in following commits; for now the output trees are empty.
const args = process.argv.slice(2);
const check = args.includes("--check");
const workspaceIndex = args.indexOf("--workspace");
const workspace = workspaceIndex >= 0 ? (args[workspaceIndex + 1] ?? ".") : ".";
const trees: OutputTree[] = [
  { root: join(workspace, "packages/definitions/src/generated"), files: new Map() },
  { root: join(workspace, "docs/reference"), files: new Map() },
];
if (check) {
  const stale = trees.flatMap(staleFiles);
  if (stale.length > 0) {
    process.stderr.write(
      `stale generated files (run \`pnpm codegen\`):\n${stale.map((s) => `  ${s}\n`).join("")}`,
    );
    process.exit(1);
  }
} else {
  for (const tree of trees) writeTree(tree);
}
