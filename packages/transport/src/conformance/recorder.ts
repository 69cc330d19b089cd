import type { AmiSocketHandlers } from "../contract.ts";

/**
 * Socket handlers that record every call, so a case can check what the transport reported and when.
 * @internal
 */
export interface HandlerRecorder extends AmiSocketHandlers {
  /** Every chunk passed to `onData`, as passed (not copied: a reused buffer shows up as corruption). */
  readonly chunks: Uint8Array[];
  /** The argument of every `onClose` call. */
  readonly closes: (Error | undefined)[];
  /** Calls to `onData` that came after `onClose`. */
  readonly dataAfterClose: number;
  /** Total bytes received. */
  receivedLength(): number;
  /** Every received byte, concatenated. */
  received(): Uint8Array;
}

/** Creates a {@link HandlerRecorder}. @internal */
export function recordHandlers(): HandlerRecorder {
  const chunks: Uint8Array[] = [];
  const closes: (Error | undefined)[] = [];
  let length = 0;
  let dataAfterClose = 0;
  return {
    chunks,
    closes,
    get dataAfterClose() {
      return dataAfterClose;
    },
    onData(chunk: Uint8Array): void {
      if (closes.length > 0) dataAfterClose += 1;
      chunks.push(chunk);
      length += chunk.length;
    },
    onClose(error?: Error): void {
      closes.push(error);
    },
    receivedLength: () => length,
    received: () => concat(chunks),
  };
}

/** Concatenates byte arrays. @internal */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const result = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/** Deterministic pseudo-random bytes (every value 0–255 occurs), so corruption shows. @internal */
export function patternBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}
