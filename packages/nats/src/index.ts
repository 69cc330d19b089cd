/**
 * @amikit/nats — many Asterisk servers, many consumers, one NATS: a relay that stores every AMI event
 * losslessly and in order in JetStream (epoch, sequence and gap markers), serves actions by
 * request/reply with an allow-list, and a remote client with the direct client's surface.
 *
 * @packageDocumentation
 */
export { defaultAllowedActions } from "./allow-list.ts";
export { AmiActionNotAllowedError, AmiRelayConfigError, AmiRelayError } from "./errors.ts";
export type { PublisherCounters } from "./ordered-publisher.ts";
export { type Relay, type RelayOptions, startRelay } from "./relay.ts";
export {
  type ParsedRelayConfig,
  parseRelayConfig,
  type RelayNatsSettings,
} from "./relay-config.ts";
export {
  type AmiClientSurface,
  type AmiRemoteClient,
  type AmiRemoteState,
  createRemoteClient,
  type RemoteClientOptions,
  type RemoteDeliver,
  type RemoteEventPacket,
} from "./remote-client.ts";
export type { RelayServerConfig } from "./server-relay.ts";
export type {
  RelayConnectedStatus,
  RelayGapReason,
  RelayGapStatus,
  RelayReconnectingStatus,
  RelayStatus,
  RelayStoppedStatus,
} from "./status.ts";
export { RELAY_HEADERS, type ServerSubjects, serverSubjects } from "./subjects.ts";
