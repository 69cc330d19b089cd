import { defineConfig } from "vitest/config";

// Lets `pnpm --filter @amikit/testing test` run this package alone; the root config picks it up as a project.
export default defineConfig({
  test: {
    name: "@amikit/testing",
    include: ["src/**/*.test.ts"],
  },
});
