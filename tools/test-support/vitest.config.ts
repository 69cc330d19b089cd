import { defineConfig } from "vitest/config";

// Lets `pnpm --filter @amikit/test-support test` run this package alone; the root config picks it up too.
export default defineConfig({
  test: {
    name: "@amikit/test-support",
    include: ["src/**/*.test.ts"],
  },
});
