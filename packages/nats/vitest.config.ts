import { defineConfig } from "vitest/config";

// Lets `pnpm --filter @amikit/nats test` run this package alone; the root config picks it up as a project.
export default defineConfig({
  test: {
    name: "@amikit/nats",
    include: ["src/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
