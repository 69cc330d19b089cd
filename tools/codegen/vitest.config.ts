import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "@amikit/codegen",
    include: ["test/**/*.test.ts"],
    // Says once, up front, when the tests on Asterisk's real XML are skipped (no docs found).
    globalSetup: ["test/asterisk-docs-notice.ts"],
    // The release-wide tests parse five 1.5 MB XML files; give a loaded CI machine room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
