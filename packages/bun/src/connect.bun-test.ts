import { clientEndToEndCases } from "@amikit/testing/conformance";
import { connect } from "./connect.ts";

// Run by `bun test` (see package.json `test:bun`); vitest ignores this file.
const { test } = (await import("bun:test" as string)) as {
  test(name: string, body: () => Promise<void>, timeout: number): void;
};

for (const endToEndCase of clientEndToEndCases(connect)) {
  test(`connect() over bunTransport: ${endToEndCase.name}`, () => endToEndCase.run(), endToEndCase.timeout);
}
