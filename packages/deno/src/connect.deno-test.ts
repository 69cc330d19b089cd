import { clientEndToEndCases } from "@amikit/testing/conformance";
import { connect } from "./connect.ts";

// Run by `deno test` (see package.json `test:deno`); vitest ignores this file.
interface DenoTestApi {
  test(definition: { name: string; fn: () => Promise<void> }): void;
}
const { Deno } = globalThis as unknown as { Deno: DenoTestApi };

for (const endToEndCase of clientEndToEndCases(connect)) {
  Deno.test({ name: `connect() over denoTransport: ${endToEndCase.name}`, fn: () => endToEndCase.run() });
}
