import * as client from "@amikit/client";
import * as definitions from "@amikit/definitions";
import * as live from "@amikit/live";
import { expect, test } from "vitest";
import * as runtime from "./index.ts";

const packageName = "@amikit/bun";
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
    ["connect", "bunTransport"].sort(),
  );
});
