import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as client from "@amikit/client";
import * as definitions from "@amikit/definitions";
import * as live from "@amikit/live";
import { expect, test } from "vitest";
import * as runtime from "./index.ts";

const packageName = "@amikit/node";
const runtimeValues = new Map<string, unknown>(Object.entries(runtime));

test(`${packageName} re-exports every runtime value of @amikit/client, as the same objects`, () => {
  const clientValues = Object.entries(client);
  expect(clientValues.map(([name]) => name)).toEqual(
    expect.arrayContaining(["createClient", "AmiTimeoutError", "ofEvent"]),
  );
  expect(clientValues.filter(([name]) => !runtimeValues.has(name)).map(([name]) => name)).toEqual([]);
  for (const [name, value] of clientValues) expect(runtimeValues.get(name), name).toBe(value);
});

test(`${packageName} re-exports every runtime value of @amikit/definitions, as the same objects`, () => {
  const definitionValues = Object.entries(definitions);
  expect(definitionValues.map(([name]) => name)).toEqual(
    expect.arrayContaining(["findAction", "actionMetadata"]),
  );
  for (const [name, value] of definitionValues) expect(runtimeValues.get(name), name).toBe(value);
});

test(`${packageName} re-exports every runtime value of @amikit/live, as the same objects`, () => {
  const liveValues = Object.entries(live);
  expect(liveValues.map(([name]) => name)).toEqual(
    expect.arrayContaining(["trackPbx", "reduce", "LivePermissionError"]),
  );
  for (const [name, value] of liveValues) expect(runtimeValues.get(name), name).toBe(value);
});

test(`${packageName} adds only its own connect() and transport to them`, () => {
  const reExported = new Set([...Object.keys(client), ...Object.keys(definitions), ...Object.keys(live)]);
  expect([...runtimeValues.keys()].filter((name) => !reExported.has(name)).sort()).toEqual(
    ["connect", "nodeTransport"].sort(),
  );
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
