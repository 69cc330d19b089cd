import { defineConfig } from "vitest/config";

// `--expose-gc` lets the leak test force a collection before measuring the heap.
export default defineConfig({
  test: {
    name: "@amikit/client",
    execArgv: ["--expose-gc"],
    include: ["src/**/*.test.ts"],
  },
});
