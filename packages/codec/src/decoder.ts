import { AmiFrameTooLargeError, AmiProtocolError } from "./errors.ts";
import { type AmiField, AmiPacket, equalsIgnoreCase } from "./packet.ts";

/** The default {@link AmiDecoderOptions.maxPacketBytes}: 4 MiB. */
export const DEFAULT_MAX_PACKET_BYTES: number = 4 * 1024 * 1024;

/** Options of {@link AmiDecoder}. */
export interface AmiDecoderOptions {
  /**
   * The stream starts with the server's greeting line (`Asterisk Call Manager/x.y.z`), which has no
   * blank line after it. When true, the first non-blank line becomes a packet of type `greeting`.
   * Set it when decoding what a server sends on a fresh connection. Default `false`.
   */
  readonly expectGreeting?: boolean;
  /**
   * The largest packet, in bytes on the wire (every line with its line ending, the terminating blank
   * line included), the decoder accepts. A larger packet, or a line that grows larger without a line
   * ending, throws {@link AmiFrameTooLargeError} as soon as the limit is passed. Default 4 MiB.
   */
  readonly maxPacketBytes?: number;
}

const LF = 0x0a;
const CR = 13;
const EMPTY: readonly AmiField[] = [];
/** Placeholder for `#completed` between pushes; never written to. */
const NO_PACKETS: AmiPacket[] = [];
const END_COMMAND = "--END COMMAND--";
/** Complete lines are decoded this many bytes at a time (at most; a longer line is decoded whole). */
const PIECE_BYTES = 4096;

/** Between packets, or inside an ordinary packet. */
const STATE_FIELDS = 0;
/** After `Response: Follows`: reading the `Privilege` / `ActionID` header lines of a legacy Command response. */
const STATE_LEGACY_HEADERS = 1;
/** Inside the raw body of a legacy Command response, up to `--END COMMAND--`. */
const STATE_LEGACY_BODY = 2;
/** After `--END COMMAND--`, waiting for the blank line that ends the packet. */
const STATE_LEGACY_END = 3;

/**
 * An incremental AMI decoder: feed it the bytes of a connection in any pieces and it returns each
 * packet once its terminating blank line has arrived. It does no I/O and uses only `Uint8Array` and
 * `TextDecoder`, so it runs on any JavaScript runtime.
 *
 * Framing it accepts: lines ended by CRLF or a bare LF (mixed freely, e.g. a packet ended by
 * `\r\n\n`); a packet ends at an empty line; extra blank lines between packets are ignored. A line
 * splits into key and value at its first `": "`, or when it has none at its first `":"` (so
 * `Key:` gives an empty value); one space after the colon is dropped, nothing else is trimmed. A line
 * without any colon is kept as a field with the whole line as key and `""` as value. Text is UTF-8;
 * invalid bytes decode to U+FFFD, never throw, and a character split across chunks decodes
 * correctly.
 *
 * The legacy (Asterisk < 14) `Command` response is recognised: after `Response: Follows`, the
 * `Privilege` and `ActionID` lines are fields and every following line, blank lines included, is
 * output up to the line `--END COMMAND--` (also when that marker ends the last output line); the
 * blank line after it ends the packet. The output is {@link AmiPacket.output}.
 *
 * Failure: {@link AmiFrameTooLargeError} from `push()` when a packet passes `maxPacketBytes`. After
 * it (or after `end()`), the decoder holds no data: every later `push()` throws an
 * {@link AmiProtocolError} whose `cause` is the original error, and `end()` does nothing. The caller
 * is expected to drop the connection.
 */
export class AmiDecoder {
  readonly #maxPacketBytes: number;
  readonly #textDecoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  #greetingPending: boolean;

  /** Bytes of an incomplete line carried to the next push (capacity grows by doubling). */
  #rest: Uint8Array = new Uint8Array(0);
  #restLength = 0;

  #state = STATE_FIELDS;
  /** Fields of the packet being read (empty between packets). */
  #fields: AmiField[] = [];
  /** Wire bytes of the packet being read, counting only complete lines. */
  #packetBytes = 0;
  /** Legacy Command output lines of the packet being read. */
  #legacyOutput: string[] = [];
  #seenLegacyPrivilege = false;
  #seenLegacyActionId = false;

  /** Packets completed during the current `push()`. */
  #completed: AmiPacket[] = NO_PACKETS;
  /** Set once the decoder failed or ended; later pushes throw. */
  #closed: Error | undefined;

  /** Creates a decoder for one connection (one direction of it). */
  constructor(options?: AmiDecoderOptions) {
    this.#greetingPending = options?.expectGreeting === true;
    const max = options?.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES;
    if (!(max > 0)) throw new RangeError(`maxPacketBytes must be a positive number, got ${max}`);
    this.#maxPacketBytes = max;
  }

  /**
   * Wire bytes of the packet currently being read (its complete lines plus any incomplete line
   * held for the next chunk); 0 between packets. Never more than `maxPacketBytes`.
   */
  get bufferedBytes(): number {
    return this.#packetBytes + this.#restLength;
  }

  /**
   * Feeds the next bytes of the stream. Returns the packets this chunk completed, in order (often
   * none, often several). The chunk is not kept: the caller may reuse its memory afterwards.
   *
   * @throws {AmiFrameTooLargeError} a packet passed `maxPacketBytes` (packets completed before it
   *   in this chunk are on the error's `packets`).
   * @throws {AmiProtocolError} the decoder already failed or ended.
   */
  push(chunk: Uint8Array): AmiPacket[] {
    if (this.#closed !== undefined) {
      throw new AmiProtocolError("AmiDecoder.push() called after the decoder failed or ended", {
        cause: this.#closed,
      });
    }
    const completed: AmiPacket[] = [];
    this.#completed = completed;
    try {
      this.#pushBytes(chunk);
    } catch (error) {
      this.#fail(error as Error);
      throw error;
    } finally {
      // Do not keep the caller's packets alive until the next push.
      this.#completed = NO_PACKETS;
    }
    return completed;
  }

  /**
   * Declares the end of the stream (the connection closed). Afterwards the decoder accepts no more
   * data.
   *
   * @throws {AmiProtocolError} a packet (or a line) was left unfinished; its `cause` is absent.
   */
  end(): void {
    if (this.#closed !== undefined) return;
    const unfinished = this.#fields.length > 0 || this.#state !== STATE_FIELDS || !this.#restIsBlank();
    const pendingBytes = this.#packetBytes + this.#restLength;
    this.#fail(new AmiProtocolError("AmiDecoder.end() was called"));
    if (unfinished) {
      throw new AmiProtocolError(
        `AMI stream ended inside an unfinished packet: ${pendingBytes} byte(s) without the terminating blank line`,
      );
    }
  }

  #fail(error: Error): void {
    this.#closed = error;
    this.#rest = new Uint8Array(0);
    this.#restLength = 0;
    this.#fields = [];
    this.#legacyOutput = [];
    this.#packetBytes = 0;
    this.#state = STATE_FIELDS;
  }

  /** True when the carried incomplete line holds nothing but CRs (so it can only become a blank line). */
  #restIsBlank(): boolean {
    for (let i = 0; i < this.#restLength; i++) if (this.#rest[i] !== CR) return false;
    return true;
  }

  #pushBytes(chunk: Uint8Array): void {
    let start = 0;
    if (this.#restLength > 0) {
      // Complete the line carried over from earlier chunks, decoding it on its own.
      const firstLf = chunk.indexOf(LF);
      if (firstLf === -1) {
        this.#appendRest(chunk);
        this.#checkRest();
        return;
      }
      this.#appendRest(chunk.subarray(0, firstLf + 1));
      const line = this.#rest.subarray(0, this.#restLength);
      this.#restLength = 0;
      this.#consumeLines(this.#textDecoder.decode(line), line);
      if (this.#rest.length > 4096) this.#rest = new Uint8Array(0);
      start = firstLf + 1;
    }
    const lastLf = chunk.lastIndexOf(LF);
    // Decode complete lines in pieces of about PIECE_BYTES. Values are slices of the decoded text,
    // and an engine may keep a slice's whole parent string alive: small pieces keep a retained
    // packet from pinning a large socket read.
    while (start <= lastLf) {
      let end = lastLf + 1;
      if (end - start > PIECE_BYTES) {
        end = chunk.lastIndexOf(LF, start + PIECE_BYTES) + 1;
        if (end <= start) end = chunk.indexOf(LF, start + PIECE_BYTES) + 1; // one long line
      }
      const lines = start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end);
      this.#consumeLines(this.#textDecoder.decode(lines), lines);
      start = end;
    }
    if (start < chunk.length) {
      this.#appendRest(chunk.subarray(start));
      this.#checkRest();
    }
  }

  #appendRest(bytes: Uint8Array): void {
    const needed = this.#restLength + bytes.length;
    if (needed > this.#rest.length) {
      const grown = new Uint8Array(Math.max(needed, this.#rest.length * 2, 256));
      grown.set(this.#rest.subarray(0, this.#restLength));
      this.#rest = grown;
    }
    this.#rest.set(bytes, this.#restLength);
    this.#restLength = needed;
  }

  #checkRest(): void {
    const size = this.#packetBytes + this.#restLength;
    if (size > this.#maxPacketBytes) {
      throw new AmiFrameTooLargeError(this.#maxPacketBytes, size, this.#completed);
    }
  }

  /**
   * Processes `text`, the decoding of `bytes`: complete lines only (it ends with LF). Character and
   * byte offsets coincide when the lengths are equal (every character came from one byte); otherwise
   * line byte lengths are found by scanning `bytes` in step.
   *
   * The loop handles ordinary packets inline; the greeting and the legacy Command form go through
   * {@link AmiDecoder.#specialLine}.
   */
  #consumeLines(text: string, bytes: Uint8Array): void {
    const max = this.#maxPacketBytes;
    const completed = this.#completed;
    const sameOffsets = text.length === bytes.length;
    const length = text.length;
    let special = this.#greetingPending || this.#state !== STATE_FIELDS;
    let fields = this.#fields;
    let packetBytes = this.#packetBytes;
    let bytePos = 0;
    let pos = 0;
    // Cached positions of the next ": " and ":" at or after `pos` (-1: none left), so that lines
    // without a colon never make the search quadratic.
    let nextColonSpace = -2;
    let nextColon = -2;

    while (pos < length) {
      const lf = text.indexOf("\n", pos);
      let lineEnd = lf;
      if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
      let lineBytes: number;
      if (sameOffsets) {
        lineBytes = lf + 1 - pos;
      } else {
        const byteLf = bytes.indexOf(LF, bytePos);
        lineBytes = byteLf + 1 - bytePos;
        bytePos = byteLf + 1;
      }

      if (special) {
        this.#fields = fields;
        this.#packetBytes = packetBytes;
        this.#specialLine(text.slice(pos, lineEnd), lineBytes);
        fields = this.#fields;
        packetBytes = this.#packetBytes;
        special = this.#greetingPending || this.#state !== STATE_FIELDS;
        pos = lf + 1;
        continue;
      }

      if (lineEnd === pos) {
        // A blank line: ends the packet being read, or is an extra blank line between packets.
        if (fields.length > 0) {
          packetBytes += lineBytes;
          if (packetBytes > max) throw this.#tooLarge(packetBytes);
          completed.push(new AmiPacket(fields));
          fields = [];
          packetBytes = 0;
        }
        pos = lf + 1;
        continue;
      }

      packetBytes += lineBytes;
      if (packetBytes > max) throw this.#tooLarge(packetBytes);

      let key: string;
      let valueStart: number;
      if (nextColonSpace !== -1 && nextColonSpace < pos) nextColonSpace = text.indexOf(": ", pos);
      if (nextColonSpace !== -1 && nextColonSpace < lineEnd) {
        key = text.slice(pos, nextColonSpace);
        valueStart = nextColonSpace + 2;
      } else {
        if (nextColon !== -1 && nextColon < pos) nextColon = text.indexOf(":", pos);
        if (nextColon !== -1 && nextColon < lineEnd) {
          key = text.slice(pos, nextColon);
          valueStart = nextColon + 1;
        } else {
          key = text.slice(pos, lineEnd);
          valueStart = lineEnd;
        }
      }
      const value = text.slice(valueStart, lineEnd);
      if (fields.push([key, value]) === 1 && key.length === 8 && isLegacyCommandStart(key, value)) {
        this.#startLegacyCommand();
        special = true;
      }
      pos = lf + 1;
    }
    this.#fields = fields;
    this.#packetBytes = packetBytes;
  }

  #startLegacyCommand(): void {
    this.#state = STATE_LEGACY_HEADERS;
    this.#seenLegacyPrivilege = false;
    this.#seenLegacyActionId = false;
  }

  /**
   * One line (without its line ending) while the greeting is expected or a legacy Command response
   * is being read.
   */
  #specialLine(line: string, lineBytes: number): void {
    const state = this.#state;
    if (line.length === 0 && state !== STATE_LEGACY_HEADERS && state !== STATE_LEGACY_BODY) {
      // Blank: ends a legacy response after its marker, or precedes the greeting (ignored).
      if (state === STATE_LEGACY_END) {
        this.#addBytes(lineBytes);
        this.#completed.push(new AmiPacket(this.#fields, { legacyOutput: this.#legacyOutput }));
        this.#fields = [];
        this.#legacyOutput = [];
        this.#packetBytes = 0;
        this.#state = STATE_FIELDS;
      }
      return;
    }
    this.#addBytes(lineBytes);
    if (state === STATE_FIELDS) {
      // The greeting is pending: this first line is it.
      this.#greetingPending = false;
      this.#packetBytes = 0;
      this.#completed.push(new AmiPacket(EMPTY, { greeting: line }));
      return;
    }
    if (state === STATE_LEGACY_END) {
      this.#fields.push(splitLine(line));
      return;
    }
    if (state === STATE_LEGACY_HEADERS) {
      const field = splitLine(line);
      const key = field[0];
      const isPrivilege = !this.#seenLegacyPrivilege && equalsIgnoreCase(key, "Privilege");
      const isActionId = !isPrivilege && !this.#seenLegacyActionId && equalsIgnoreCase(key, "ActionID");
      if ((isPrivilege || isActionId) && key.length < line.length) {
        if (isPrivilege) this.#seenLegacyPrivilege = true;
        else this.#seenLegacyActionId = true;
        this.#fields.push(field);
        return;
      }
      this.#state = STATE_LEGACY_BODY;
    }
    if (line.endsWith(END_COMMAND)) {
      if (line.length > END_COMMAND.length) this.#legacyOutput.push(line.slice(0, -END_COMMAND.length));
      this.#state = STATE_LEGACY_END;
    } else {
      this.#legacyOutput.push(line);
    }
  }

  #addBytes(lineBytes: number): void {
    const size = this.#packetBytes + lineBytes;
    if (size > this.#maxPacketBytes) throw this.#tooLarge(size);
    this.#packetBytes = size;
  }

  #tooLarge(size: number): AmiFrameTooLargeError {
    return new AmiFrameTooLargeError(this.#maxPacketBytes, size, this.#completed);
  }
}

function isLegacyCommandStart(key: string, value: string): boolean {
  return equalsIgnoreCase(value, "Follows") && equalsIgnoreCase(key, "Response");
}

/**
 * Splits one line (without its line ending) the way the decoder does: at the first `": "`, else at
 * the first `":"`; a line without a colon becomes `[line, ""]`.
 * @internal
 */
export function splitLine(line: string): AmiField {
  const colonSpace = line.indexOf(": ");
  if (colonSpace !== -1) return [line.slice(0, colonSpace), line.slice(colonSpace + 2)];
  const colon = line.indexOf(":");
  if (colon !== -1) return [line.slice(0, colon), line.slice(colon + 1)];
  return [line, ""];
}
