import { type AmiClient, type AmiClientOptions, connectClient } from "@amikit/client";
import { type BunTransportOptions, bunTransport } from "./transport.ts";

/** Options of {@link connect}: every `createClient` option but `transport`, plus the transport's own. */
export interface BunConnectOptions extends Omit<AmiClientOptions, "transport"> {
  /** Options of the Bun transport (see {@link bunTransport}). */
  readonly transportOptions?: BunTransportOptions;
}

/**
 * Creates a client over {@link bunTransport}, connects and logs in. Rejects like `client.connect()`
 * (`AmiAuthError`, `AmiConnectionError` with the transport's `AmiSocketError` as `cause`), after
 * closing the client it made.
 *
 * @example
 * ```ts
 * const ami = await connect({ host: "127.0.0.1", port: 5038, username: "admin", secret: "amipass" });
 * console.log(await ami.action("Ping"));
 * await ami.close();
 * ```
 */
export function connect(options: BunConnectOptions): Promise<AmiClient> {
  const { transportOptions, ...clientOptions } = options;
  return connectClient({ ...clientOptions, transport: bunTransport(transportOptions) });
}
