import { defineConfig } from "vitest/config";

// Lets `pnpm --filter @amikit/codec test` run this package alone; the root config picks it up as a project.
export default defineConfig({
  test: {
    name: "@amikit/codec",
    include: ["src/**/*.test.ts"],
    // A hang guard, not a speed target: the transcript and every-split tests take a second or two,
    // several times that on a busy shared machine.
    testTimeout: 60_000,
  },
});
