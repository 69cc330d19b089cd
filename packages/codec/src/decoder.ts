import { AmiFieldLimitError, AmiFrameTooLargeError, AmiProtocolError } from "./errors.ts";
import { LineBlock, matchesKeyAt, OFFSETS_PER_LINE } from "./line-block.ts";
import { type AmiField, AmiPacket, type AmiPacketType, decodedPacket, equalsIgnoreCase } from "./packet.ts";

/** The default {@link AmiDecoderOptions.maxPacketBytes}: 4 MiB. */
export const DEFAULT_MAX_PACKET_BYTES: number = 4 * 1024 * 1024;

/**
 * The default {@link AmiDecoderOptions.maxPacketFields}: 131 072 (2¹⁷) lines per packet.
 *
 * Why this number: the packets with the most lines that Asterisk sends are `Command` answers (one
 * `Output:` line per line of CLI output; `DBGetTree`, `ListDialplan` and the like answer with one event
 * per item, each small). The `Output` lines of the recorded Asterisk 22 conversations average 79 bytes,
 * so a `Command` answer reaches the 4 MiB {@link DEFAULT_MAX_PACKET_BYTES} at about 53 000 lines; with
 * this default, any packet whose lines average 32 bytes or more hits the byte limit first, and only a
 * packet made of unusually short lines (`a\n` repeated) is stopped by the line count. A decoded packet
 * costs 16 bytes of line positions per line, so the default bounds that part to 2 MiB.
 */
export const DEFAULT_MAX_PACKET_FIELDS: number = 131_072;

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
  /**
   * The most lines (fields, or output lines of a legacy `Command` answer) one packet may have. One
   * more line throws {@link AmiFieldLimitError} as soon as it is scanned, before anything of the packet
   * is built. It bounds what a packet decodes into, which `maxPacketBytes` alone does not: 4 MiB of
   * two-byte lines are two million fields. Default {@link DEFAULT_MAX_PACKET_FIELDS} (131 072).
   */
  readonly maxPacketFields?: number;
}

const LF = 0x0a;
const CR = 13;
const EMPTY: readonly AmiField[] = [];
const NO_OFFSETS = new Int32Array(0);
/** An unfinished packet's text up to this many characters is carried to the next piece (see `#carry`). */
const MAX_CARRY = 16384;
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
 * Memory: a packet is held as its decoded text plus four 32-bit line positions per line; its `fields`
 * and objects are built only when asked for. Once complete it costs about its wire bytes (twice that
 * for text outside Latin-1) plus 16 bytes per line.
 *
 * Failure: {@link AmiFrameTooLargeError} from `push()` when a packet passes `maxPacketBytes`,
 * {@link AmiFieldLimitError} when it passes `maxPacketFields`. After either (or after `end()`), the
 * decoder holds no data: every later `push()` throws an {@link AmiProtocolError} whose `cause` is the
 * original error, and `end()` does nothing. The caller is expected to drop the connection.
 */
export class AmiDecoder {
  readonly #maxPacketBytes: number;
  readonly #maxPacketFields: number;
  readonly #textDecoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  #greetingPending: boolean;

  /** Bytes of an incomplete line carried to the next push (capacity grows by doubling). */
  #rest: Uint8Array = new Uint8Array(0);
  #restLength = 0;

  #state = STATE_FIELDS;
  /**
   * The fields of the legacy Command response being read (its `Response`, `Privilege`, `ActionID` and
   * trailing lines); empty otherwise. Ordinary packets are only recorded as offsets.
   */
  #fields: AmiField[] = [];
  /** Line offsets of the piece being processed, {@link OFFSETS_PER_LINE} per line (reused, grows). */
  #offsets: Int32Array = new Int32Array(OFFSETS_PER_LINE * 256);
  /** The piece being processed and how many of its lines are recorded (for sealing on an error). */
  #block: LineBlock | undefined;
  #lines = 0;
  /**
   * The text of the unfinished packet's lines so far (when short and not set aside as a long packet), put in
   * front of the next decoded piece; its line offsets, relative to it, are the first `#carryLines` of
   * `#offsets`.
   */
  #carry = "";
  #carryLines = 0;
  /** Wire bytes of the packet being read, counting only complete lines. */
  #packetBytes = 0;
  /** Lines (fields or legacy output lines) of the packet being read, counted as they are scanned. */
  #packetFields = 0;
  /**
   * A long packet (one that did not fit the carry) being read: its text in pieces, joined once when it
   * completes, and its line offsets relative to that joined text. Lines are never built as fields here:
   * a packet of two million short lines would otherwise cost dozens of bytes per line.
   */
  #longText: string[] = [];
  #longLength = 0;
  #longOffsets: Int32Array = NO_OFFSETS;
  #longLines = 0;
  /** Legacy Command output lines of the packet being read. */
  #legacyOutput: string[] = [];
  #seenLegacyPrivilege = false;
  #seenLegacyActionId = false;

  /**
   * Packets completed during the current `push()`: one long-lived array, emptied after each push, whose
   * copy `push()` returns. A fresh array literal per push would be an allocation site that V8 may
   * pretenure (the array lives through the whole push); a pretenured dead array in old space keeps
   * every packet it held, and their text, alive through each scavenge until the next full GC.
   */
  readonly #completed: AmiPacket[] = [];
  /** Set once the decoder failed or ended; later pushes throw. */
  #closed: Error | undefined;

  /**
   * Creates a decoder for one connection (one direction of it). The first decoder of a process also
   * runs a few throwaway ones over a small sample (about 1 ms, once), so that the engine optimises
   * the decoding loop once instead of again at the first rare case (see `primeTypeFeedback`).
   */
  constructor(options?: AmiDecoderOptions) {
    if (!primed) primeTypeFeedback();
    this.#greetingPending = options?.expectGreeting === true;
    const max = options?.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES;
    if (!(max > 0)) throw new RangeError(`maxPacketBytes must be a positive number, got ${max}`);
    this.#maxPacketBytes = max;
    const maxFields = options?.maxPacketFields ?? DEFAULT_MAX_PACKET_FIELDS;
    if (!(maxFields >= 1)) {
      throw new RangeError(`maxPacketFields must be a number of at least 1, got ${maxFields}`);
    }
    this.#maxPacketFields = maxFields;
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
   * @throws {AmiFieldLimitError} a packet passed `maxPacketFields` (same `packets`).
   * @throws {AmiProtocolError} the decoder already failed or ended.
   */
  push(chunk: Uint8Array): AmiPacket[] {
    if (this.#closed !== undefined) {
      throw new AmiProtocolError("AmiDecoder.push() called after the decoder failed or ended", {
        cause: this.#closed,
      });
    }
    const completed = this.#completed;
    try {
      // A subclass (Node's Buffer) has its own `indexOf`: a plain view keeps every call site monomorphic.
      this.#pushBytes(
        Object.getPrototypeOf(chunk) === Uint8Array.prototype
          ? chunk
          : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength),
      );
    } catch (error) {
      completed.length = 0;
      this.#fail(error as Error);
      throw error;
    }
    const packets = completed.length === 0 ? [] : completed.slice();
    // Do not keep the caller's packets alive until the next push.
    completed.length = 0;
    return packets;
  }

  /**
   * Declares the end of the stream (the connection closed). Afterwards the decoder accepts no more
   * data.
   *
   * @throws {AmiProtocolError} a packet (or a line) was left unfinished; its `cause` is absent.
   */
  end(): void {
    if (this.#closed !== undefined) return;
    const unfinished =
      this.#fields.length > 0 ||
      this.#longLines > 0 ||
      this.#carryLines > 0 ||
      this.#state !== STATE_FIELDS ||
      !this.#restIsBlank();
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
    this.#carry = "";
    this.#carryLines = 0;
    this.#legacyOutput = [];
    this.#packetBytes = 0;
    this.#packetFields = 0;
    this.#resetLong();
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
    // packet from pinning a large socket read. A piece ends after a packet's blank line when there is
    // one, so that few packets straddle two pieces (each straddling one is carried, see `#carry`).
    while (start <= lastLf) {
      let end = lastLf + 1;
      if (end - start > PIECE_BYTES) {
        end = packetEndBefore(chunk, start, start + PIECE_BYTES);
        if (end <= start) end = chunk.lastIndexOf(LF, start + PIECE_BYTES) + 1;
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
      throw new AmiFrameTooLargeError(this.#maxPacketBytes, size, this.#completed.slice());
    }
  }

  /**
   * Processes `text`, the decoding of `bytes`: complete lines only (it ends with LF). Character and
   * byte offsets coincide when the lengths are equal (every character came from one byte); otherwise
   * line byte lengths are found by scanning `bytes` in step.
   *
   * Ordinary lines allocate nothing: their key and value positions go to `#offsets`, and a packet that
   * completes inside this piece reads its fields from the piece's text on first use (so nothing per
   * field is allocated while `push()` keeps every packet of the read alive, which would make V8 pretenure
   * them). The greeting and the legacy Command form go through {@link AmiDecoder.#specialLine}.
   */
  #consumeLines(decoded: string, bytes: Uint8Array): void {
    const max = this.#maxPacketBytes;
    const maxFields = this.#maxPacketFields;
    const completed = this.#completed;
    const sameOffsets = decoded.length === bytes.length;
    // The text of an unfinished packet from the previous piece goes in front, its lines already recorded.
    // Always concatenated (`"" + decoded` is `decoded`): a `+` first reached only once the loop is
    // optimised (the first packet that straddles two pieces) has no type feedback and deoptimises it.
    const carry = this.#carry;
    const text = carry + decoded;
    const length = text.length;
    const block = new LineBlock(text, NO_OFFSETS);
    this.#block = block;
    let offsets = this.#offsets;
    let special = this.#greetingPending || this.#state !== STATE_FIELDS;
    let packetBytes = this.#packetBytes;
    let packetFields = this.#packetFields;
    /** Lines recorded in this piece; the current packet's are `packetStart … lines - 1`. */
    let lines = this.#carryLines;
    let packetStart = 0;
    let used = false;
    let bytePos = 0;
    let pos = carry.length;
    this.#carry = "";
    this.#carryLines = 0;
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
        this.#packetBytes = packetBytes;
        this.#packetFields = packetFields;
        this.#lines = lines;
        this.#specialLine(text.slice(pos, lineEnd), lineBytes);
        packetBytes = this.#packetBytes;
        packetFields = this.#packetFields;
        special = this.#greetingPending || this.#state !== STATE_FIELDS;
        pos = lf + 1;
        continue;
      }

      if (lineEnd === pos) {
        // A blank line: ends the packet being read, or is an extra blank line between packets.
        if (lines > packetStart) {
          packetBytes += lineBytes;
          if (packetBytes > max) throw this.#tooLarge(packetBytes, lines);
          if (this.#longLines === 0) {
            completed.push(packetOf(block, offsets, packetStart, lines - packetStart));
            used = true;
          } else {
            this.#appendLong(text, offsets, packetStart, lines, pos);
            completed.push(this.#takeLong());
          }
          packetBytes = 0;
          packetFields = 0;
          packetStart = lines;
        } else if (this.#longLines > 0) {
          // Every line of the packet came in earlier pieces.
          packetBytes += lineBytes;
          if (packetBytes > max) throw this.#tooLarge(packetBytes, lines);
          completed.push(this.#takeLong());
          packetBytes = 0;
          packetFields = 0;
        }
        pos = lf + 1;
        continue;
      }

      packetBytes += lineBytes;
      if (packetBytes > max) throw this.#tooLarge(packetBytes, lines);
      // Counted before anything of the line is recorded: an over-long packet costs no more than this.
      if (++packetFields > maxFields) throw this.#tooManyFields(lines);

      let keyEnd: number;
      let valueStart: number;
      if (nextColonSpace !== -1 && nextColonSpace < pos) nextColonSpace = text.indexOf(": ", pos);
      if (nextColonSpace !== -1 && nextColonSpace < lineEnd) {
        keyEnd = nextColonSpace;
        valueStart = nextColonSpace + 2;
      } else {
        if (nextColon !== -1 && nextColon < pos) nextColon = text.indexOf(":", pos);
        if (nextColon !== -1 && nextColon < lineEnd) {
          keyEnd = nextColon;
          valueStart = nextColon + 1;
        } else {
          keyEnd = lineEnd;
          valueStart = lineEnd;
        }
      }
      if (
        keyEnd - pos === 8 &&
        lines === packetStart &&
        this.#longLines === 0 &&
        isLegacyCommandStart(text.slice(pos, keyEnd), text.slice(valueStart, lineEnd))
      ) {
        this.#fields.push([text.slice(pos, keyEnd), text.slice(valueStart, lineEnd)]);
        this.#startLegacyCommand();
        special = true;
        pos = lf + 1;
        continue;
      }
      let at = lines * OFFSETS_PER_LINE;
      if (at + OFFSETS_PER_LINE > offsets.length) {
        const grown = new Int32Array(offsets.length * 2);
        grown.set(offsets);
        offsets = grown;
        this.#offsets = grown;
      }
      offsets[at++] = pos;
      offsets[at++] = keyEnd;
      offsets[at++] = valueStart;
      offsets[at] = lineEnd;
      lines++;
      pos = lf + 1;
    }
    if (used) block.offsets = offsets.slice(0, lines * OFFSETS_PER_LINE);
    if (lines > packetStart) {
      const from = offsets[packetStart * OFFSETS_PER_LINE] as number;
      if (this.#longLines === 0 && length - from <= MAX_CARRY) {
        // The unfinished packet's text and line offsets move to the front of the next piece, so that it
        // too is built lazily (no field allocated here, see above).
        this.#carry = text.slice(from);
        const count = lines - packetStart;
        offsets.copyWithin(0, packetStart * OFFSETS_PER_LINE, lines * OFFSETS_PER_LINE);
        for (let i = 0; i < count * OFFSETS_PER_LINE; i++) offsets[i] = (offsets[i] as number) - from;
        this.#carryLines = count;
      } else {
        // A long packet: its text and offsets are set aside, so it is not copied again with every piece.
        this.#appendLong(text, offsets, packetStart, lines, length);
      }
    }
    this.#block = undefined;
    this.#packetBytes = packetBytes;
    this.#packetFields = packetFields;
  }

  /**
   * Sets aside lines `from … to - 1` of `text` (offsets in `offsets`) for the long packet being read:
   * `text` from the first of those lines up to `textEnd` becomes its next text segment.
   */
  #appendLong(text: string, offsets: Int32Array, from: number, to: number, textEnd: number): void {
    const textStart = offsets[from * OFFSETS_PER_LINE] as number;
    const shift = this.#longLength - textStart;
    const at = this.#longLines * OFFSETS_PER_LINE;
    const count = (to - from) * OFFSETS_PER_LINE;
    let long = this.#longOffsets;
    if (at + count > long.length) {
      const grown = new Int32Array(Math.max(at + count, long.length * 2, 1024));
      grown.set(long.subarray(0, at));
      long = grown;
      this.#longOffsets = grown;
    }
    const first = from * OFFSETS_PER_LINE;
    for (let i = 0; i < count; i++) long[at + i] = (offsets[first + i] as number) + shift;
    this.#longText.push(text.slice(textStart, textEnd));
    this.#longLength += textEnd - textStart;
    this.#longLines += to - from;
  }

  /** The completed long packet (reading its lines from one joined text), and the decoder ready for the next. */
  #takeLong(): AmiPacket {
    const segments = this.#longText;
    // `join` copies into one flat string: the packet pins neither the decoded pieces nor their neighbours.
    const text = segments.length === 1 ? (segments[0] as string) : segments.join("");
    const offsets = this.#longOffsets.slice(0, this.#longLines * OFFSETS_PER_LINE);
    const packet = packetOf(new LineBlock(text, offsets), offsets, 0, this.#longLines);
    this.#resetLong();
    return packet;
  }

  #resetLong(): void {
    this.#longText = [];
    this.#longLength = 0;
    this.#longOffsets = NO_OFFSETS;
    this.#longLines = 0;
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
        this.#packetFields = 0;
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
    // Every other line becomes a field or an output line of the legacy Command response (except the
    // marker alone on its line).
    if (
      (state === STATE_LEGACY_END || line !== END_COMMAND) &&
      ++this.#packetFields > this.#maxPacketFields
    ) {
      throw this.#tooManyFields();
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

  /** The error for a packet of `size` bytes; `lines` of the current piece are recorded so far. */
  #tooLarge(size: number, lines = this.#lines): AmiFrameTooLargeError {
    // Packets completed in this piece read from it: give them their offsets before handing them out.
    const block = this.#block;
    if (block !== undefined) block.offsets = this.#offsets.slice(0, lines * OFFSETS_PER_LINE);
    return new AmiFrameTooLargeError(this.#maxPacketBytes, size, this.#completed.slice());
  }

  /** The error for a packet with one line more than `maxPacketFields`; as {@link AmiDecoder.#tooLarge}. */
  #tooManyFields(lines = this.#lines): AmiFieldLimitError {
    const block = this.#block;
    if (block !== undefined) block.offsets = this.#offsets.slice(0, lines * OFFSETS_PER_LINE);
    return new AmiFieldLimitError(this.#maxPacketFields, this.#completed.slice());
  }
}

/** Set once {@link primeTypeFeedback} has run (before it runs, so its own decoders do not run it). */
let primed = false;

/**
 * What {@link primeTypeFeedback} feeds a decoder, piece by piece: the greeting, a packet left unfinished
 * at the end of a piece (carried to the next), a line cut in the middle of a two-byte character (kept
 * as bytes), non-ASCII text, a key in another case, a legacy `Command` answer and a blank line between
 * packets.
 */
const PRIMING_TEXT = [
  "Asterisk Call Manager/11.0.0\r\n",
  "Response: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\nEvent: FullyBooted\r\n",
  "Privilege: system,all\r\nStatus: Fully Booted\r\n",
  "Uptime: 5\r\n\r\nEvent: Newchannel\r\nCallerIDName: Zo\xc3",
  "\xab\r\nChannel: PJSIP/1-1\r\nExten: \xc3\xa9t\xc3\xa9\r\n\r\n\r\nevent: Hangup\r\nCause:16\r\n\r\n",
  "Response: Follows\r\nPrivilege: Command\r\nActionID: 2\r\nline\r\n--END COMMAND--\r\n\r\n",
  "Action: Ping\r\nActionID: 3\r\n\r\n",
];
/**
 * Rounds of the greeting and the last piece of {@link PRIMING_TEXT} before the one whole round: V8
 * gives a function a feedback vector (where what a branch saw is recorded) only after several calls. The
 * rare branches are taken once, in the last round, so that they still look rare to the optimiser,
 * which then compiles them as calls instead of inlining them (a larger, slower compilation).
 */
const PRIMING_ROUNDS = 8;

/**
 * Runs a few throwaway decoders over {@link PRIMING_TEXT} once per process, before the first real one.
 * V8 optimises the decoder's loop a few thousand lines into a stream; a branch the loop has never taken
 * by then (the first packet that straddles two reads, the first non-ASCII line) has no type feedback, so
 * the optimised code gives up there, falls back to the interpreter and is compiled again later. Each of
 * those recompilations costs a fresh process about as much as decoding a few hundred events (measured:
 * three compilations of the loop instead of one in a cold pass, bench/README.md, issue 16). Having
 * taken every branch once, the loop is compiled once. Costs about a millisecond, once, mostly to
 * compile to bytecode the functions that the first packets need anyway.
 */
function primeTypeFeedback(): void {
  primed = true;
  const pieces = PRIMING_TEXT.map((text) => Uint8Array.from(text, (char) => char.charCodeAt(0)));
  const common = [pieces[0], pieces[pieces.length - 1]] as Uint8Array[];
  for (let round = 0; round < PRIMING_ROUNDS; round++) {
    const decoder = new AmiDecoder({ expectGreeting: true });
    for (const piece of round < PRIMING_ROUNDS - 1 ? common : pieces) decoder.push(piece);
    decoder.end();
  }
}

/**
 * The packet of lines `first … first + count - 1`, reading them from `block` on first use (their offsets
 * are in `offsets`, which the decoder hands to `block` before the packet leaves it). Its type and name
 * come from the first line when that names them as Asterisk spells them (`Event`, `Response`,
 * `Action`); otherwise from the first line whose key is one of them in any case, as
 * {@link AmiPacket}'s constructor decides.
 */
function packetOf(block: LineBlock, offsets: Int32Array, first: number, count: number): AmiPacket {
  const text = block.text;
  const at = first * OFFSETS_PER_LINE;
  const start = offsets[at] as number;
  const keyLength = (offsets[at + 1] as number) - start;
  let type: AmiPacketType | undefined;
  if (keyLength === 5 && text.startsWith("Event", start)) type = "event";
  else if (keyLength === 8 && text.startsWith("Response", start)) type = "response";
  else if (keyLength === 6 && text.startsWith("Action", start)) type = "action";
  if (type !== undefined) {
    const name = text.slice(offsets[at + 2] as number, offsets[at + 3] as number);
    return decodedPacket(type, name, block, first, count);
  }
  return packetOfAnyCase(block, offsets, first, count);
}

function packetOfAnyCase(block: LineBlock, offsets: Int32Array, first: number, count: number): AmiPacket {
  const text = block.text;
  const end = (first + count) * OFFSETS_PER_LINE;
  for (let at = first * OFFSETS_PER_LINE; at < end; at += OFFSETS_PER_LINE) {
    const start = offsets[at] as number;
    const keyLength = (offsets[at + 1] as number) - start;
    let type: AmiPacketType | undefined;
    if (keyLength === 5 && matchesKeyAt(text, start, "Event")) type = "event";
    else if (keyLength === 8 && matchesKeyAt(text, start, "Response")) type = "response";
    else if (keyLength === 6 && matchesKeyAt(text, start, "Action")) type = "action";
    if (type !== undefined) {
      const name = text.slice(offsets[at + 2] as number, offsets[at + 3] as number);
      return decodedPacket(type, name, block, first, count);
    }
  }
  return decodedPacket("unknown", "", block, first, count);
}

/**
 * The index just after the last blank line (LF LF or LF CR LF) that ends at or before `limit` and
 * after `start`; 0 when there is none.
 */
function packetEndBefore(bytes: Uint8Array, start: number, limit: number): number {
  let lf = bytes.lastIndexOf(LF, limit);
  while (lf > start) {
    const before = bytes[lf - 1];
    if (before === LF) return lf + 1;
    if (before === CR && lf - 2 >= start && bytes[lf - 2] === LF) return lf + 1;
    lf = bytes.lastIndexOf(LF, lf - 1);
  }
  return 0;
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
