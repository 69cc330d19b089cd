import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** A set of generated files: root directory plus file contents keyed by path relative to that root. */
export interface OutputTree {
  readonly root: string;
  readonly files: ReadonlyMap<string, string>;
}

function listFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(relative(root, full).split("\\").join("/"));
    }
  };
  walk(root);
  return found.sort();
}

/** Paths (root-joined) that differ from the fresh output: changed, missing, or present but no longer generated. */
export function staleFiles(tree: OutputTree): string[] {
  const stale: string[] = [];
  for (const [path, content] of tree.files) {
    let current: string | undefined;
    try {
      current = readFileSync(join(tree.root, path), "utf8");
    } catch {
      current = undefined;
    }
    if (current !== content) stale.push(join(tree.root, path));
  }
  for (const path of listFiles(tree.root)) {
    if (!tree.files.has(path)) stale.push(join(tree.root, path));
  }
  return stale.sort();
}

/** Writes the tree, deleting files under the root that are no longer generated. Returns how many files changed. */
export function writeTree(tree: OutputTree): number {
  const stale = new Set(staleFiles(tree));
  for (const path of listFiles(tree.root)) {
    if (!tree.files.has(path)) rmSync(join(tree.root, path));
  }
  for (const [path, content] of tree.files) {
    const full = join(tree.root, path);
    if (!stale.has(full)) continue;
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return stale.size;
}
