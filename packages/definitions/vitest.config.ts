import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "@amikit/definitions",
    include: ["src/**/*.test.ts"],
  },
});
