import { defineConfig } from "vitest/config";

// Lets `pnpm --filter @amikit/live test` run this package alone; the root config picks it up as a project.
export default defineConfig({
  test: {
    name: "@amikit/live",
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
