/**
 * @amikit/client — the runtime-neutral RxJS core of amikit: login, ActionID correlation, lists, events,
 * reconnect and keepalive over any {@link AmiTransport}.
 *
 * @packageDocumentation
 */
export {
  AmiEncodeError,
  AmiError,
  AmiFieldLimitError,
  AmiFrameTooLargeError,
  AmiProtocolError,
} from "@amikit/codec";
export type { AmiClient } from "./ami-client.ts";
export { type AmiBoundedOptions, boundedConcatMap } from "./bounded-concat-map.ts";
export { createClient } from "./client.ts";
export { connectClient } from "./connect-client.ts";
export {
  AmiAbortError,
  AmiActionError,
  AmiAuthError,
  AmiClosedError,
  AmiConnectionError,
  AmiEventOverflowError,
  AmiGreetingError,
  AmiOriginateError,
  AmiQueueFullError,
  AmiTimeoutError,
  AmiValidationError,
  AmiWriteQueueFullError,
} from "./errors.ts";
export {
  type AmiEventReaderDefaults,
  type AmiEventReaders,
  createEventReaders,
} from "./event-reader.ts";
export { type AmiGreetingCheck, DEFAULT_GREETING } from "./greeting.ts";
export { ofEvent } from "./operators.ts";
export type { AmiClientOptions } from "./options.ts";
export type { AmiReconnectOptions } from "./reconnect.ts";
export { type AmiSendFields, splitSendFields } from "./send-fields.ts";
export type { AmiSocket, AmiSocketHandlers, AmiTarget, AmiTlsOptions, AmiTransport } from "./transport.ts";
export { AmiSocketError, type AmiSocketErrorCode } from "./transport-errors.ts";
export type {
  AmiActionArgs,
  AmiActionOptions,
  AmiClientState,
  AmiClientStatus,
  AmiConnectOptions,
  AmiEvent,
  AmiEventReader,
  AmiEventReaderOptions,
  AmiLagged,
  AmiListResult,
  AmiOriginateParams,
  AmiOriginateResponse,
  AmiResponse,
} from "./types.ts";
