/**
 * Base class of every error @amikit/testing throws. The in-memory transport hands a client the transport
 * contract's `AmiSocketError` instead (codes `refused`, `reset`, `closed`, `aborted`), as the node, deno and
 * bun transports do, so code that looks at `error.code` behaves the same in tests.
 */
export class FakeAsteriskError extends Error {
  override name = "FakeAsteriskError";
}

/** A header name or value that cannot be written to the wire (CR or LF inside it, or a bad name). */
export class FakeFieldError extends FakeAsteriskError {
  override name = "FakeFieldError";
}

/** A transcript file or JSONL text that is not in the shared transcript format. */
export class TranscriptFormatError extends FakeAsteriskError {
  override name = "TranscriptFormatError";
}
