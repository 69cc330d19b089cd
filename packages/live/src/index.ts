/**
 * @amikit/live — the PBX's live channels, calls, bridges, queues, conferences and device states as
 * observable state, built on `@amikit/client` and kept true across reconnects.
 *
 * @packageDocumentation
 */

export { diffStates, type LiveChange, type LiveEntity } from "./changes.ts";
export { LivePermissionError } from "./errors.ts";
export { type LivePbx, trackPbx } from "./live.ts";
export type { LiveBridge } from "./model/bridge.ts";
export type { LiveCall, LiveTransfer } from "./model/call.ts";
export type { LiveChannel, LiveChannelState, LiveDial } from "./model/channel.ts";
export type { LiveConference, LiveConferenceParticipant } from "./model/conference.ts";
export type { LiveParty } from "./model/party.ts";
export type { LiveQueue, LiveQueueEntry, LiveQueueMember, LiveQueueStats } from "./model/queue.ts";
export { EMPTY_STATE, type LiveCollection, type LiveState } from "./model/state.ts";
export type { LiveDeviceState, LiveExtensionState } from "./model/states.ts";
export type { LiveOptions } from "./options.ts";
export * from "./recipes/index.ts";
export type { ReduceContext } from "./reducers/context.ts";
export { LIVE_DOMAINS, type LiveDomain } from "./reducers/domains.ts";
export { type ReduceOptions, reduce } from "./reducers/reduce.ts";
export { buildSnapshot } from "./sync/build-snapshot.ts";
export { fetchSnapshot, type SnapshotClient } from "./sync/fetch-snapshot.ts";
export { type ReconcileOptions, reconcile } from "./sync/reconcile.ts";
export type { BridgeItems, ConferenceItems, SnapshotItems } from "./sync/snapshot-items.ts";
export type { LiveSyncState, LiveSyncStatus } from "./sync-status.ts";
