import type { AmiClient } from "./ami-client.ts";
import { createClient } from "./client.ts";
import type { AmiClientOptions } from "./options.ts";

/**
 * Creates a client, connects and logs in, in one step: what each runtime package's `connect()` does
 * with its own transport. Rejects like `client.connect()` (`AmiAuthError`, `AmiConnectionError` with the
 * transport's error as `cause`, `AmiTimeoutError`), after closing the client it made, so a failed
 * attempt leaves no reconnect loop or timer behind.
 *
 * @example
 * ```ts
 * import { connectClient } from "@amikit/client";
 * import { createFakeAsterisk } from "@amikit/testing";
 *
 * const fake = createFakeAsterisk();
 * const ami = await connectClient({ transport: fake.transport(), username: "admin", secret: "amipass" });
 * console.log(await ami.action("Ping"));
 * await ami.close();
 * ```
 */
export async function connectClient(options: AmiClientOptions): Promise<AmiClient> {
  const client = createClient(options);
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  return client;
}
