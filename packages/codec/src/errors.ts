import type { AmiPacket } from "./packet.ts";

/**
 * Base class of every error the codec throws. Catch this to handle any codec failure; check the
 * subclass for the reason. Supports the standard `cause` option.
 */
export class AmiError extends Error {
  override name = "AmiError";
}

/**
 * The byte stream broke the AMI framing in a way the decoder cannot recover from: the stream ended
 * inside a packet (thrown by {@link AmiDecoder.end}), or the decoder was used after it had failed
 * or ended (the original failure is the `cause`).
 */
export class AmiProtocolError extends AmiError {
  override name = "AmiProtocolError";
}

/**
 * A packet (or a line still waiting for its line ending) grew beyond `maxPacketBytes`. Thrown by
 * {@link AmiDecoder.push} as soon as the limit is passed, so the decoder never buffers more than the
 * limit. The decoder is unusable afterwards; the caller is expected to drop the connection.
 */
export class AmiFrameTooLargeError extends AmiError {
  override name = "AmiFrameTooLargeError";
  /** The configured `maxPacketBytes`. */
  readonly limit: number;
  /** Bytes of the offending packet seen when the limit was passed (always greater than `limit`). */
  readonly size: number;
  /**
   * Packets completed by the same `push()` call before the oversized one. `push()` could not return
   * them because it threw; they are delivered here so that none is lost.
   */
  readonly packets: readonly AmiPacket[];

  constructor(limit: number, size: number, packets: readonly AmiPacket[] = []) {
    super(`AMI packet too large: ${size} bytes seen, the limit (maxPacketBytes) is ${limit} bytes`);
    this.limit = limit;
    this.size = size;
    this.packets = packets;
  }
}

/**
 * A packet has more lines (fields, or output lines of a legacy `Command` answer) than
 * `maxPacketFields`. Thrown by {@link AmiDecoder.push} as soon as the line past the limit is scanned,
 * before anything of the packet is built, so a packet of millions of tiny lines costs no more than
 * the limit allows. The decoder is unusable afterwards; the caller is expected to drop the connection.
 */
export class AmiFieldLimitError extends AmiError {
  override name = "AmiFieldLimitError";
  /** The configured `maxPacketFields`. */
  readonly limit: number;
  /**
   * Packets completed by the same `push()` call before the offending one (see
   * {@link AmiFrameTooLargeError.packets}).
   */
  readonly packets: readonly AmiPacket[];

  constructor(limit: number, packets: readonly AmiPacket[] = []) {
    super(`AMI packet has too many lines: more than ${limit} (the limit, maxPacketFields)`);
    this.limit = limit;
    this.packets = packets;
  }
}

/**
 * A packet could not be encoded because it would break the AMI framing: CR, LF or NUL in a key or
 * value, a key that is empty or contains `:` or whitespace, an ambiguous `ActionID`, or a value of
 * an unsupported type (a `Date`, `null`, a function…: never dropped silently). Header injection is
 * impossible through the encoder.
 *
 * The message names the header and what is wrong (the character and its 1-based position, or the
 * type), quotes at most a short escaped prefix of what was given, and never quotes a value of a header
 * that may hold a secret ({@link isSecretHeader}: `Secret`, `Key`, `Password`, `Variable`…).
 */
export class AmiEncodeError extends AmiError {
  override name = "AmiEncodeError";
  /** The field key the problem was found in, when there is one. */
  readonly key: string | undefined;

  constructor(message: string, key?: string, options?: ErrorOptions) {
    super(message, options);
    this.key = key;
  }
}
