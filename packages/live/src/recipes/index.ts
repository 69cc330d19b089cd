/** The recipes built on the live state: screen-pop, queue wallboard, call recording, click-to-call. */
export { type ClickToCall, type ClickToCallOptions, clickToCall } from "./click-to-call.ts";
export { endpointOfChannel, endpointOfInterface } from "./endpoint.ts";
export {
  AGENT_STATES,
  type AgentState,
  agentStateOf,
  type QueueBoardAgent,
  type QueueBoardOptions,
  type QueueBoardRow,
  queueBoard$,
  queueBoardRow,
} from "./queue-board.ts";
export { type RecordCallOptions, type RecordingStep, recordCall } from "./record-call.ts";
export { type CallDirection, type ScreenPop, type ScreenPopOptions, screenPop$ } from "./screen-pop.ts";
