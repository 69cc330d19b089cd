#!/usr/bin/env node
// Runs the changesets CLI (`pnpm changeset …`, `pnpm release:version`, `pnpm release`) on Node 20.
//
// @changesets/cli 3's own bin.js calls `module.enableCompileCache()`, which Node 20 does not have
// (its package says Node 22.11+), and dies before doing anything; the CLI itself runs on Node 20.
// Importing the package is what its bin.js does after that call, with the same process.argv.
await import("@changesets/cli");
