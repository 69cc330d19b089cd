/** Base class of every error @amikit/testing throws or hands to a client. */
export class FakeAsteriskError extends Error {
  override name = "FakeAsteriskError";
}

/** A header name or value that cannot be written to the wire (CR or LF inside it, or a bad name). */
export class FakeFieldError extends FakeAsteriskError {
  override name = "FakeFieldError";
}

/** The fake refused a connection (it is closed, or `connectionMode` is `"refuse"`). */
export class FakeConnectionRefusedError extends FakeAsteriskError {
  override name = "FakeConnectionRefusedError";
}

/** The fake reset the connection (`drop()`): what a client sees as `ECONNRESET` on a real socket. */
export class FakeConnectionResetError extends FakeAsteriskError {
  override name = "FakeConnectionResetError";
  /** Mirrors the Node.js socket error code, so code that checks `error.code` sees the same thing. */
  readonly code = "ECONNRESET";
}

/** A write on an in-memory connection that is already closed. */
export class FakeConnectionClosedError extends FakeAsteriskError {
  override name = "FakeConnectionClosedError";
}

/** A transcript file or JSONL text that is not in the shared transcript format. */
export class TranscriptFormatError extends FakeAsteriskError {
  override name = "TranscriptFormatError";
}
