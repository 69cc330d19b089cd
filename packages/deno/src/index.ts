/**
 * @amikit/deno — the Deno socket adapter of amikit: {@link denoTransport} for `createClient`, and
 * {@link connect}, which creates, connects and logs in a client in one call.
 *
 * It also re-exports the whole client API of `@amikit/client` (createClient, the errors, the operators,
 * every type) and all of `@amikit/definitions` (`EventOf`, `ActionName`, `HangupEvent`, …, `findAction`),
 * so an application installs and imports this one package. The two share no name: `AmiEvent` is the
 * client's event packet, `DocumentedEvent` the definitions' union of every documented event. The live
 * state of `@amikit/live` (`trackPbx`, the channel/call/bridge/queue model, the reducers) comes with it.
 *
 * @packageDocumentation
 */

export * from "@amikit/client";
export * from "@amikit/definitions";
export * from "@amikit/live";
export { connect, type DenoConnectOptions } from "./connect.ts";
export { type DenoTransportOptions, denoTransport } from "./transport.ts";
