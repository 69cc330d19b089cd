import { defineConfig } from "vitest/config";

// The configuration of the child vitest that vitest.test.ts starts; never part of a normal run.
export default defineConfig({
  test: { include: ["*.probe.ts"] },
});
