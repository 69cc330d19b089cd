import { defineConfig } from "vitest/config";

// Lets `pnpm test` run inside bench/ too; the root config picks this project up as well.
export default defineConfig({
  test: { include: ["src/**/*.test.mjs"] },
});
