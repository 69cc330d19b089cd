import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "@amikit/cli",
    // The end-to-end tests spawn the built binary and a fake Asterisk; give each room on a busy machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
