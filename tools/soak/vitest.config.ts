import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "@amikit/soak",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The soak test runs a 10-second soak in a child process, plus start-up and the grace period.
    testTimeout: 90_000,
    hookTimeout: 30_000,
  },
});
