/** Base class of every error @amikit/testing throws or hands to a client. */
export class FakeAsteriskError extends Error {
  override name = "FakeAsteriskError";
}

/** A header name or value that cannot be written to the wire (CR or LF inside it, or a bad name). */
export class FakeFieldError extends FakeAsteriskError {
  override name = "FakeFieldError";
}

// The in-memory transport's errors carry the `code` of the transport contract (`AmiSocketError` of
// @amikit/client: "refused", "reset", "closed", "aborted"), exactly as the node, deno and bun transports
// do, so application code that looks at `error.code` (or `error.cause.code`) behaves the same in tests.

/** The fake refused a connection (it is closed, or `connectionMode` is `"refuse"`). */
export class FakeConnectionRefusedError extends FakeAsteriskError {
  override name = "FakeConnectionRefusedError";
  /** The transport contract's code, as a runtime transport reports `ECONNREFUSED`. */
  readonly code = "refused";
}

/** The fake reset the connection (`drop()`): what a runtime transport reports for `ECONNRESET`. */
export class FakeConnectionResetError extends FakeAsteriskError {
  override name = "FakeConnectionResetError";
  /** The transport contract's code for a reset (`ECONNRESET` on a real socket). */
  readonly code = "reset";
}

/** A write on an in-memory connection that is already closed. */
export class FakeConnectionClosedError extends FakeAsteriskError {
  override name = "FakeConnectionClosedError";
  /** The transport contract's code for a write after the end. */
  readonly code = "closed";
}

/** `open()` of the in-memory transport was given a signal that had already fired; `cause` is its reason. */
export class FakeConnectionAbortedError extends FakeAsteriskError {
  override name = "FakeConnectionAbortedError";
  /** The transport contract's code for an aborted connect. */
  readonly code = "aborted";
}

/** A transcript file or JSONL text that is not in the shared transcript format. */
export class TranscriptFormatError extends FakeAsteriskError {
  override name = "TranscriptFormatError";
}
