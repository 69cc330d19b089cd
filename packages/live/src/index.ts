/**
 * @amikit/live — the PBX's live channels, calls, bridges, queues, conferences and device states as
 * observable state, built on `@amikit/client` and kept true across reconnects.
 *
 * @packageDocumentation
 */
export {};
