import { transportConformanceCases } from "@amikit/testing/conformance";
import { denoTransport } from "./transport.ts";

// Run by `deno test` (see package.json `test:deno`); vitest ignores this file.
interface DenoTestApi {
  test(definition: { name: string; ignore?: boolean; fn: () => Promise<void> }): void;
}
const { Deno } = globalThis as unknown as { Deno: DenoTestApi };

const cases = transportConformanceCases(() => denoTransport(), {
  unsupported: ["tls-reject-unauthorized-false", "tls-server-name-with-client-certificate"],
});
// Cases this machine cannot run (the IPv6 ones without a ::1 loopback) are reported ignored, with why.
for (const conformanceCase of cases) {
  const skip = await conformanceCase.skipReason();
  Deno.test({
    name: `denoTransport: ${conformanceCase.name}${skip === undefined ? "" : ` (skipped: ${skip})`}`,
    ignore: skip !== undefined,
    fn: () => conformanceCase.run(),
  });
}
