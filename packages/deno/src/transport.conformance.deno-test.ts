import { transportConformanceCases } from "@amikit/testing/conformance";
import { denoTransport } from "./transport.ts";

// Run by `deno test` (see package.json `test:deno`); vitest ignores this file.
interface DenoTestApi {
  test(definition: { name: string; fn: () => Promise<void> }): void;
}
const { Deno } = globalThis as unknown as { Deno: DenoTestApi };

const cases = transportConformanceCases(() => denoTransport(), {
  unsupported: ["tls-reject-unauthorized-false", "tls-server-name-with-client-certificate"],
});
for (const conformanceCase of cases) {
  Deno.test({ name: `denoTransport: ${conformanceCase.name}`, fn: () => conformanceCase.run() });
}
