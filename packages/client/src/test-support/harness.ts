// Test-only helpers: a fake Asterisk plus a client on its in-memory transport, torn down after each test.
import { createFakeAsterisk, type FakeAsterisk, type FakeAsteriskOptions } from "@amikit/testing";
import type { Observable, Subscription } from "rxjs";
import { afterEach } from "vitest";
import type { AmiClient } from "../ami-client.ts";
import { createClient } from "../client.ts";
import type { AmiClientOptions } from "../options.ts";

const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  const pending = cleanups.splice(0).reverse();
  for (const cleanup of pending) await cleanup();
});

/** Runs `cleanup` after the current test. */
export function onCleanup(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}

/** A fake Asterisk (closed after the test). Calls run on a fast clock by default. */
export function fakeAsterisk(options: FakeAsteriskOptions = {}): FakeAsterisk {
  const fake = createFakeAsterisk({ timeScale: 0.01, ...options });
  onCleanup(() => fake.close());
  return fake;
}

/** Client options without the transport. */
export type ClientSetup = Partial<AmiClientOptions>;

/** A client of `fake` over its in-memory transport, as `admin`/`amipass` (closed after the test). */
export function clientOf(fake: FakeAsterisk, options: ClientSetup = {}): AmiClient {
  const client = createClient({
    transport: fake.transport(),
    username: "admin",
    secret: "amipass",
    reconnect: { initialDelay: 5, maxDelay: 20, jitter: 0 },
    ...options,
  });
  onCleanup(() => client.close());
  return client;
}

/** A fake and a client already logged in to it. */
export async function connected(
  fakeOptions: FakeAsteriskOptions = {},
  clientOptions: ClientSetup = {},
): Promise<{ fake: FakeAsterisk; client: AmiClient }> {
  const fake = fakeAsterisk(fakeOptions);
  const client = clientOf(fake, clientOptions);
  await client.connect();
  return { fake, client };
}

/** Collects what an Observable emits (unsubscribed after the test). */
export function collect<T>(source: Observable<T>): T[] & { subscription: Subscription; completed: boolean } {
  const values = [] as unknown as T[] & { subscription: Subscription; completed: boolean };
  values.completed = false;
  values.subscription = source.subscribe({
    next: (value) => values.push(value),
    complete: () => {
      values.completed = true;
    },
  });
  onCleanup(() => values.subscription.unsubscribe());
  return values;
}

/** Polling helpers, shared by every package's tests. */
export { sleep, until } from "@amikit/test-support";
