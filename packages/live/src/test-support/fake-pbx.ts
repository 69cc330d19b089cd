/** A fake Asterisk and clients of it, closed after each test. */
import { type AmiClient, createClient } from "@amikit/client";
import { createFakeAsterisk, type FakeAsterisk, type FakeAsteriskOptions } from "@amikit/testing";
import { afterEach } from "vitest";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fake Asterisk on a manual clock (calls advance only with `advanceTime`), with `options` added. */
export function manualFake(options: FakeAsteriskOptions = {}): FakeAsterisk {
  const fake = createFakeAsterisk({ clock: "manual", ...options });
  cleanups.push(() => fake.close());
  return fake;
}

/** A client of `fake` (in memory) that reconnects within milliseconds. Not connected yet. */
export function clientOf(fake: FakeAsterisk): AmiClient {
  const client = createClient({
    transport: fake.transport(),
    username: "admin",
    secret: "amipass",
    reconnect: { initialDelay: 5, maxDelay: 20, jitter: 0 },
  });
  cleanups.push(() => client.close());
  return client;
}

/** Registers a cleanup to run after the test. */
export function onCleanup(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}
