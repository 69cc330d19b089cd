import type { AmiField } from "./packet.ts";
import { type PlainObjectConstructor, plainObjectConstructor } from "./plain-object.ts";

/**
 * Decoded text and the positions of its lines: what a lazily built {@link AmiPacket} reads its fields
 * from. The decoder records four offsets per `Key: Value` line (key start, key end, value start, line
 * end, all character offsets into `text`) and builds no string per field; strings are sliced only when
 * a consumer asks for them. @internal
 */
export class LineBlock {
  // A class, not an object literal: literals carry a V8 allocation site, which may decide to pretenure.
  declare readonly text: string;
  /** Four offsets per line; set by the decoder before any packet that uses the block is handed out. */
  declare offsets: Int32Array;

  constructor(text: string, offsets: Int32Array) {
    this.text = text;
    this.offsets = offsets;
  }
}

/** Offsets per line in {@link LineBlock.offsets}. @internal */
export const OFFSETS_PER_LINE = 4;

/**
 * Whether `text` holds `key` at `start`, compared case-insensitively, without allocating for ASCII (the
 * caller has checked that the lengths match).
 * @internal
 */
export function matchesKeyAt(text: string, start: number, key: string): boolean {
  const length = key.length;
  for (let i = 0; i < length; i++) {
    const x = text.charCodeAt(start + i);
    const y = key.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0x80 || y >= 0x80) {
      return text.slice(start, start + length).toLowerCase() === key.toLowerCase();
    }
    if ((x | 0x20) !== (y | 0x20)) return false;
    const lower = x | 0x20;
    if (lower < 0x61 || lower > 0x7a) return false;
  }
  return true;
}

/** Copied for each new `[key, value]` pair (see {@link buildFields}). */
const PAIR: string[] = ["", ""];
/** The template below grows to at most this many lines; a packet with more builds its array by pushing. */
const MAX_TEMPLATE_FIELDS = 4096;
/** Copied (a prefix of it) for each new fields array; grows when a packet has more lines. */
let fieldsTemplate: AmiField[] = new Array<AmiField>(64).fill(PAIR as unknown as AmiField);

/**
 * Lines `from … to - 1` of a block's text as `[key, value]` pairs, appended to `fields` or, without it,
 * in a new array. Pairs and arrays are copies of templates (`slice`), not array literals: a literal is a
 * V8 allocation site, and pairs that a packet keeps (it caches its fields) while its whole read is alive
 * look long-lived to it, so it may start allocating them in old space for the rest of the process,
 * where each dead pair keeps its strings (and the text they are sliced from) alive through every
 * scavenge. A copy has no allocation site. @internal
 */
export function buildFields(
  text: string,
  offsets: Int32Array,
  from: number,
  to: number,
  fields?: AmiField[],
): AmiField[] {
  let at = from * OFFSETS_PER_LINE;
  const end = to * OFFSETS_PER_LINE;
  if (fields === undefined) {
    const count = to - from;
    // A huge packet (long ones are decoded lazily too) must not leave a huge template behind.
    if (count > MAX_TEMPLATE_FIELDS) return buildFields(text, offsets, from, to, []);
    if (count > fieldsTemplate.length) {
      fieldsTemplate = new Array<AmiField>(count * 2).fill(PAIR as unknown as AmiField);
    }
    const built = fieldsTemplate.slice(0, count);
    for (let i = 0; at < end; i++, at += OFFSETS_PER_LINE) built[i] = pairAt(text, offsets, at);
    return built;
  }
  for (; at < end; at += OFFSETS_PER_LINE) fields.push(pairAt(text, offsets, at));
  return fields;
}

function pairAt(text: string, offsets: Int32Array, at: number): AmiField {
  const pair = PAIR.slice();
  pair[0] = text.slice(offsets[at] as number, offsets[at + 1] as number);
  pair[1] = text.slice(offsets[at + 2] as number, offsets[at + 3] as number);
  return pair as unknown as AmiField;
}

/** Distinct event/response names whose last key sequence is remembered (cleared when exceeded). */
const MAX_SHAPES = 1024;
/**
 * Key sequences longer than this are not remembered: real events have a few dozen headers, and a
 * server must not make the cache hold 1024 sequences of a hundred thousand keys.
 */
const MAX_SHAPE_KEYS = 256;
/** Per packet name: the keys (as property keys of an earlier object) of the last packet of that name. */
const shapes = new Map<string, Shape>();

/** A remembered key sequence and the constructor of its objects. */
class Shape {
  declare readonly keys: readonly string[];
  declare readonly create: PlainObjectConstructor;
  constructor(keys: readonly string[]) {
    this.keys = keys;
    this.create = plainObjectConstructor();
  }
}

/**
 * The plain object of the lines `first … first + count - 1` of `block`, keys exactly as sent, a
 * repeated key mapping to an array of its values. Packets of one name usually repeat the same key
 * sequence: when the sequence equals the one last seen for `name`, the object is built with that
 * sequence's keys (already property keys, so no hashing, and every such object shares one hidden
 * class); otherwise it is built generically and its sequence remembered. @internal
 */
export function blockToObject(
  block: LineBlock,
  first: number,
  count: number,
  name: string,
): Record<string, string | string[]> {
  const text = block.text;
  const offsets = block.offsets;
  const shape = shapes.get(name);
  if (shape !== undefined && shape.keys.length === count) {
    // Keys are checked as the object is built; on the first key that differs, the object is dropped.
    const known = shape.keys;
    const result = new shape.create();
    let i = 0;
    for (let at = first * OFFSETS_PER_LINE; i < count; i++, at += OFFSETS_PER_LINE) {
      const key = known[i] as string;
      const start = offsets[at] as number;
      // A slice compared with `===` measured faster than `startsWith(key, start)` or a `charCodeAt` loop.
      if ((offsets[at + 1] as number) - start !== key.length || text.slice(start, start + key.length) !== key)
        break;
      result[key] = text.slice(offsets[at + 2] as number, offsets[at + 3] as number);
    }
    if (i === count) return result;
  }
  const result: Record<string, string | string[]> = {};
  let repeated = false;
  for (let i = 0, at = first * OFFSETS_PER_LINE; i < count; i++, at += OFFSETS_PER_LINE) {
    const key = text.slice(offsets[at] as number, offsets[at + 1] as number);
    const value = text.slice(offsets[at + 2] as number, offsets[at + 3] as number);
    if (!Object.hasOwn(result, key)) {
      setOwn(result, key, value);
      continue;
    }
    repeated = true;
    const existing = result[key] as string | string[];
    if (Array.isArray(existing)) existing.push(value);
    else setOwn(result, key, [existing, value]);
  }
  if (!repeated && count <= MAX_SHAPE_KEYS && !Object.hasOwn(result, "__proto__")) {
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(name, new Shape(Object.keys(result)));
  }
  return result;
}

/**
 * Sets an own data property, even for `__proto__` (plain assignment would change the prototype).
 * @internal
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
