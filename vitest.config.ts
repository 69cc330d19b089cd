import { defineConfig } from "vitest/config";

// One run over every workspace package, so `pnpm test` ends with a single summary.
export default defineConfig({
  test: {
    projects: ["packages/*", "tools/*", "bench"],
  },
});
