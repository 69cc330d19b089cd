import { transportConformanceCases } from "@amikit/testing/conformance";
import { bunTransport } from "./transport.ts";

// Run by `bun test` (see package.json `test:bun`); vitest ignores this file.
const { test } = (await import("bun:test" as string)) as {
  test(name: string, body: () => Promise<void>, timeout: number): void;
};

for (const conformanceCase of transportConformanceCases(() => bunTransport())) {
  test(`bunTransport: ${conformanceCase.name}`, () => conformanceCase.run(), conformanceCase.timeout);
}
