// Public surface of @amikit/testing. The transport conformance suite lives under "./conformance".

export type {
  AmiSocket,
  AmiSocketHandlers,
  AmiTarget,
  AmiTlsOptions,
  AmiTransport,
} from "@amikit/transport";
export type { FakeBridge } from "./channels/bridge.ts";
export type { FakeChannel } from "./channels/channel.ts";
export { FakeAsteriskError, FakeFieldError, TranscriptFormatError } from "./errors.ts";
export {
  createFakeAsterisk,
  type FakeAddress,
  type FakeAsterisk,
  type FakeListenOptions,
} from "./fake-asterisk.ts";
export type { FakeFields } from "./fields.ts";
export type {
  FakeAsteriskOptions,
  FakeConnectionMode,
  FakeDialplan,
  FakeDialplanStep,
  FakeUser,
  FakeWriteShaping,
} from "./options.ts";
export type { FakeParkingLotOptions } from "./parking/parking-lots.ts";
export { PERMISSION_CLASSES } from "./privileges.ts";
export type {
  FakeQueueMemberOptions,
  FakeQueueOptions,
  FakeQueueStrategy,
} from "./queues/queue-config.ts";
export {
  type ReplayMismatch,
  type ReplayOptions,
  replayTranscript,
  type TranscriptReplay,
} from "./replay.ts";
export type { FakeActionHandler, FakeActionRequest, FakeListOptions } from "./request.ts";
export type { FakeHandleOptions, FakeReceivedAction } from "./server-core.ts";
export type { FakeEventFilter, FakeSession } from "./session.ts";
export {
  type CallOutcome,
  type CallSimulator,
  type CallSimulatorOptions,
  createCallSimulator,
  type PlaceCallOptions,
  type PlaceQueueCallOptions,
  type QueueTrafficOptions,
  type SimulatedOriginate,
  type SimulationStats,
} from "./simulation/call-simulator.ts";
export type { SimulatedEndpoint } from "./simulation/endpoints.ts";
export { loadTranscript, parseTranscript, type TranscriptEntry } from "./transcript.ts";
