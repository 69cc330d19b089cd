import { type AmiClient, type AmiClientOptions, connectClient } from "@amikit/client";
import { type DenoTransportOptions, denoTransport } from "./transport.ts";

/** Options of {@link connect}: every `createClient` option but `transport`, plus the transport's own. */
export interface DenoConnectOptions extends Omit<AmiClientOptions, "transport"> {
  /** Options of the Deno transport (see {@link denoTransport}). */
  readonly transportOptions?: DenoTransportOptions;
}

/**
 * Creates a client over {@link denoTransport}, connects and logs in. Rejects like `client.connect()`
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
export function connect(options: DenoConnectOptions): Promise<AmiClient> {
  const { transportOptions, ...clientOptions } = options;
  return connectClient({ ...clientOptions, transport: denoTransport(transportOptions) });
}
