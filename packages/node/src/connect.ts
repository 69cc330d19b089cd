import { type AmiClient, type AmiClientOptions, connectClient } from "@amikit/client";
import { type NodeTransportOptions, nodeTransport } from "./transport.ts";

/** Options of {@link connect}: every `createClient` option but `transport`, plus the transport's own. */
export interface NodeConnectOptions extends Omit<AmiClientOptions, "transport"> {
  /** Options of the Node transport (see {@link nodeTransport}). */
  readonly transportOptions?: NodeTransportOptions;
}

/**
 * Creates a client over {@link nodeTransport}, connects and logs in. Rejects like `client.connect()`
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
export function connect(options: NodeConnectOptions): Promise<AmiClient> {
  const { transportOptions, ...clientOptions } = options;
  return connectClient({ ...clientOptions, transport: nodeTransport(transportOptions) });
}
