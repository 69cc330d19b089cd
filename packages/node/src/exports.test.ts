import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as client from "@amikit/client";
import * as definitions from "@amikit/definitions";
import * as live from "@amikit/live";
import { describeReExports } from "@amikit/test-support/vitest";
import { expect, test } from "vitest";
import * as runtime from "./index.ts";

describeReExports({
  packageName: "@amikit/node",
  runtime,
  sources: {
    "@amikit/client": { module: client, sample: ["createClient", "AmiTimeoutError", "ofEvent"] },
    "@amikit/definitions": { module: definitions, sample: ["findAction", "actionMetadata"] },
    "@amikit/live": { module: live, sample: ["trackPbx", "reduce", "LivePermissionError"] },
  },
  own: ["connect", "nodeTransport"],
});

/** The type names that `export type {…}` and `export { type … }` lines of a .d.ts declare. */
function exportedTypeNames(declarations: string): string[] {
  const names: string[] = [];
  for (const [, typeOnly, list] of declarations.matchAll(/export (type )?\{([^}]*)\}/g)) {
    for (const item of (list ?? "").split(",").map((entry) => entry.trim())) {
      if (item === "") continue;
      if (typeOnly !== undefined) names.push(item);
      else if (item.startsWith("type ")) names.push(item.slice("type ".length));
    }
  }
  return names;
}

test("the type-level checks (exports.test-d.ts of node, deno and bun) name every type @amikit/client exports", () => {
  const require = createRequire(import.meta.url);
  const declarations = readFileSync(require.resolve("@amikit/client").replace(/\.js$/, ".d.ts"), "utf8");
  const clientTypes = exportedTypeNames(declarations);
  expect(clientTypes).toEqual(expect.arrayContaining(["AmiClient", "AmiSocketErrorCode", "AmiEvent"]));
  for (const adapter of ["node", "deno", "bun"]) {
    const typeTest = readFileSync(new URL(`../../${adapter}/src/exports.test-d.ts`, import.meta.url), "utf8");
    expect(
      clientTypes.filter((name) => !typeTest.includes(`Runtime.${name}`)),
      adapter,
    ).toEqual([]);
  }
});
