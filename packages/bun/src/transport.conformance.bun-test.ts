import { transportConformanceCases } from "@amikit/testing/conformance";
import { bunTransport } from "./transport.ts";

// Run by `bun test` (see package.json `test:bun`); vitest ignores this file.
type TestFunction = (name: string, body: () => Promise<void>, timeout: number) => void;
const { test } = (await import("bun:test" as string)) as { test: TestFunction & { skip: TestFunction } };

// Cases this machine cannot run (the IPv6 ones without a ::1 loopback) are reported skipped, with why.
for (const conformanceCase of transportConformanceCases(() => bunTransport())) {
  const skip = await conformanceCase.skipReason();
  if (skip === undefined) {
    test(`bunTransport: ${conformanceCase.name}`, () => conformanceCase.run(), conformanceCase.timeout);
  } else {
    test.skip(`bunTransport: ${conformanceCase.name} (skipped: ${skip})`, async () => {}, 0);
  }
}
