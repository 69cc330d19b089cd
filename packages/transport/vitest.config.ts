import { defineConfig } from "vitest/config";

// Lets `pnpm --filter @amikit/transport test` run this package alone; the root config picks it up as a project.
export default defineConfig({
  test: {
    name: "@amikit/transport",
    include: ["src/**/*.test.ts"],
  },
});
