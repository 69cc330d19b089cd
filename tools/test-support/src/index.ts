/**
 * Test support shared by the amikit packages (private, never published): the fixtures' locations,
 * transcript reading, packet and chunk splitting, polling. Vitest helpers are in `@amikit/test-support/vitest`.
 */
export { byteByByte, concatBytes, splitAt, utf8 } from "./byte-chunks.ts";
export {
  ASTERISK_DOCS_VARIABLE,
  type AsteriskDocs,
  asteriskDocsDirectory,
  asteriskDocsRequired,
  type Environment,
  findAsteriskDocs,
  missingAsteriskDocsLine,
  missingAsteriskDocsReason,
  REQUIRE_ASTERISK_DOCS_VARIABLE,
  repositoryRoot,
  transcriptDirectory,
  transcriptNames,
  transcriptPath,
  transcriptsRoot,
} from "./fixtures.ts";
export {
  clientPackets,
  eventHeaderNames,
  type HeaderPairs,
  packetHeaders,
  serverPackets,
  splitPackets,
  splitServerText,
} from "./packets.ts";
export { sleep, until } from "./polling.ts";
export {
  readTranscript,
  type Transcript,
  type TranscriptEntry,
  TranscriptFixtureError,
  transcriptEntries,
} from "./transcripts.ts";
