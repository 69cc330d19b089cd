import {
  blockToObject,
  buildFields,
  type LineBlock,
  matchesKeyAt,
  OFFSETS_PER_LINE,
  setOwn,
} from "./line-block.ts";

/**
 * What kind of packet an {@link AmiPacket} is: the server's greeting line, a `Response`, an `Event`,
 * an `Action` (what a client sends), or `unknown` when no `Response`/`Event`/`Action` key is present.
 */
export type AmiPacketType = "greeting" | "response" | "event" | "action" | "unknown";

/** One `Key: Value` line of a packet, as `[key, value]`, both exactly as sent. */
export type AmiField = readonly [key: string, value: string];

/** Options for constructing an {@link AmiPacket} by hand (the decoder fills them in itself). */
export interface AmiPacketOptions {
  /**
   * The raw body lines of a legacy (Asterisk < 14) `Command` response (`Response: Follows`); they
   * become {@link AmiPacket.output} and the `Output` entry of {@link AmiPacket.toObject}.
   */
  readonly legacyOutput?: readonly string[];
  /** Makes this a `greeting` packet with this line as its name (its `fields` are then ignored). */
  readonly greeting?: string;
}

/** The constructor's argument when `decodedPacket` builds a packet (never exported). */
const DECODED: ReadonlyArray<AmiField> = Object.freeze([]);
/** What `decodedPacket` hands its packet's constructor (one object, reused). */
const nextDecoded: {
  type: AmiPacketType;
  name: string;
  block: LineBlock | undefined;
  first: number;
  count: number;
} = { type: "unknown", name: "", block: undefined, first: 0, count: 0 };
const EMPTY_FIELDS: readonly AmiField[] = Object.freeze([]);

/** The raw body of legacy Command responses; kept aside so that ordinary packets carry no extra slot. */
const legacyOutputs = new WeakMap<AmiPacket, readonly string[]>();

/**
 * Builds a decoded packet whose fields are lines `first … first + count - 1` of `block`, created on
 * first use. `type` and `name` are given (the decoder found them). @internal
 */
export let decodedPacket: (
  type: AmiPacketType,
  name: string,
  block: LineBlock,
  first: number,
  count: number,
) => AmiPacket;

/**
 * One decoded AMI packet: a greeting, response, event or action. Lossless: `fields` holds every
 * `Key: Value` line in wire order, repeated keys included. Treat it as immutable (the types are
 * read-only; it is not frozen at run time, for speed).
 *
 * Lines without a colon are kept as a field whose key is the whole line and whose value is `""`.
 */
export class AmiPacket {
  // `declare`: plain assignments in the constructor, no class-field definitions (faster to build).
  /** Greeting, response, event, action or unknown; decided by the first `Response`/`Event`/`Action` key. */
  declare readonly type: AmiPacketType;
  /** The `Response` value, the `Event` name, the `Action` name, or the greeting line; `""` when unknown. */
  declare readonly name: string;
  /** The fields, once built (a decoded packet builds them on first use of {@link AmiPacket.fields}). */
  #fields: ReadonlyArray<AmiField> | undefined;
  /** Where a decoded packet's lines are: the decoder's text and offsets, and which lines. */
  #block: LineBlock | undefined;
  #first: number;
  #count: number;

  /**
   * Builds a packet from its fields; `type` and `name` are derived from the first field whose key is
   * `Response`, `Event` or `Action` (case-insensitive; normally the first field).
   */
  constructor(fields: ReadonlyArray<AmiField>, options?: AmiPacketOptions) {
    if (fields === DECODED) {
      // A decoded packet (see `decodedPacket`): everything is given, nothing to derive. The properties
      // are added in the same order as below, so that every packet shares one hidden class.
      const next = nextDecoded;
      this.type = next.type;
      this.name = next.name;
      this.#fields = undefined;
      this.#block = next.block;
      this.#first = next.first;
      this.#count = next.count;
      return;
    }
    this.#block = undefined;
    this.#first = 0;
    this.#count = 0;
    if (options !== undefined) {
      if (options.greeting !== undefined) {
        this.type = "greeting";
        this.name = options.greeting;
        this.#fields = EMPTY_FIELDS;
        return;
      }
      if (options.legacyOutput !== undefined) legacyOutputs.set(this, options.legacyOutput);
    }
    this.#fields = fields;
    const first = fields[0];
    let type: AmiPacketType = "unknown";
    let name = "";
    if (first !== undefined) {
      const key = first[0];
      // Fast path: Asterisk always sends the type key first, spelled exactly like this.
      if (key === "Event") type = "event";
      else if (key === "Response") type = "response";
      else if (key === "Action") type = "action";
      if (type !== "unknown") {
        name = first[1];
      } else {
        for (const [k, v] of fields) {
          const found = typeOfKey(k);
          if (found !== undefined) {
            type = found;
            name = v;
            break;
          }
        }
      }
    }
    this.type = type;
    this.name = name;
  }

  static {
    decodedPacket = (type, name, block, first, count) => {
      const next = nextDecoded;
      next.type = type;
      next.name = name;
      next.block = block;
      next.first = first;
      next.count = count;
      const packet = new AmiPacket(DECODED);
      next.block = undefined;
      return packet;
    };
  }

  /** Every `[key, value]` pair in wire order, exactly as sent (keys keep their case, values are never trimmed). */
  get fields(): ReadonlyArray<AmiField> {
    const fields = this.#fields;
    if (fields !== undefined) return fields;
    const block = this.#block as LineBlock;
    const built = buildFields(block.text, block.offsets, this.#first, this.#first + this.#count);
    this.#fields = built;
    return built;
  }

  /** The value of the first field named `key` (case-insensitive), or `undefined`. */
  get(key: string): string | undefined {
    const length = key.length;
    const block = this.#block;
    if (block !== undefined) {
      const text = block.text;
      const offsets = block.offsets;
      const end = (this.#first + this.#count) * OFFSETS_PER_LINE;
      for (let at = this.#first * OFFSETS_PER_LINE; at < end; at += OFFSETS_PER_LINE) {
        const start = offsets[at] as number;
        if (
          (offsets[at + 1] as number) - start === length &&
          (text.slice(start, start + length) === key || matchesKeyAt(text, start, key))
        ) {
          return text.slice(offsets[at + 2] as number, offsets[at + 3] as number);
        }
      }
      return undefined;
    }
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i] as AmiField;
      const k = field[0];
      if (k.length === length && (k === key || equalsIgnoreCase(k, key))) return field[1];
    }
    return undefined;
  }

  /** The values of every field named `key` (case-insensitive), in wire order; `[]` when there is none. */
  getAll(key: string): string[] {
    const values: string[] = [];
    const fields = this.fields;
    const length = key.length;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i] as AmiField;
      const k = field[0];
      if (k.length === length && (k === key || equalsIgnoreCase(k, key))) values.push(field[1]);
    }
    return values;
  }

  /** Whether a field named `key` (case-insensitive) is present. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Shorthand for `get("ActionID")`: the ActionID this packet carries, if any. */
  get actionId(): string | undefined {
    return this.get("ActionID");
  }

  /**
   * The output lines of a `Command` response: the raw body of the legacy (Asterisk < 14)
   * `Response: Follows` form, or the values of the `Output` fields (Asterisk 14+).
   * `undefined` when the packet has neither.
   */
  get output(): readonly string[] | undefined {
    const legacy = this.#block === undefined ? legacyOutputs.get(this) : undefined;
    if (legacy !== undefined) return legacy;
    const lines = this.getAll("Output");
    return lines.length > 0 ? lines : undefined;
  }

  /**
   * `{ fields, type, name }`, what `JSON.stringify(packet)` gives: `fields` is built on first use (it is
   * an accessor, not an own property), and serialising a packet shows it as before.
   */
  toJSON(): { fields: ReadonlyArray<AmiField>; type: AmiPacketType; name: string } {
    return { fields: this.fields, type: this.type, name: this.name };
  }

  /** Node's `util.inspect` / `console.log` show the fields too (see {@link AmiPacket.toJSON}). */
  [Symbol.for("nodejs.util.inspect.custom")](): object {
    return inspectable(this);
  }

  /** Deno's `Deno.inspect` / `console.log` show the fields too. */
  [Symbol.for("Deno.customInspect")](): string {
    return `AmiPacket ${JSON.stringify(this)}`;
  }

  /**
   * A new plain object of the fields, keys exactly as sent; a key sent more than once maps to an
   * array of its values in order. A legacy `Command` response also gets `Output` (always an array).
   * A greeting gives `{}`.
   */
  toObject(): Record<string, string | string[]> {
    const block = this.#block;
    // A decoded packet is never a legacy Command response (the decoder builds those eagerly).
    if (block !== undefined) return blockToObject(block, this.#first, this.#count, this.name);
    const result: Record<string, string | string[]> = {};
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i] as AmiField;
      const key = field[0];
      const value = field[1];
      if (!Object.hasOwn(result, key)) {
        setOwn(result, key, value);
        continue;
      }
      const existing = result[key] as string | string[];
      if (Array.isArray(existing)) existing.push(value);
      else setOwn(result, key, [existing, value]);
    }
    const legacy = legacyOutputs.get(this);
    if (legacy !== undefined) {
      const existing = Object.hasOwn(result, "Output") ? result.Output : undefined;
      const extra = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
      result.Output = [...legacy, ...extra];
    }
    return result;
  }
}

/** A plain copy of a packet whose constructor name reads `AmiPacket` when inspected. */
function inspectable(packet: AmiPacket): object {
  const view = Object.create(InspectedPacket.prototype) as Record<string, unknown>;
  view.fields = packet.fields;
  view.type = packet.type;
  view.name = packet.name;
  return view;
}

/** Only names the inspected copy (`AmiPacket { fields: […], type: …, name: … }`). */
const InspectedPacket = { AmiPacket: class {} }.AmiPacket;

function typeOfKey(key: string): AmiPacketType | undefined {
  if (key.length === 5 && equalsIgnoreCase(key, "Event")) return "event";
  if (key.length === 8 && equalsIgnoreCase(key, "Response")) return "response";
  if (key.length === 6 && equalsIgnoreCase(key, "Action")) return "action";
  return undefined;
}

/**
 * Case-insensitive equality of two strings of the same length, without allocating for ASCII.
 * @internal
 */
export function equalsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0x80 || y >= 0x80) return a.toLowerCase() === b.toLowerCase();
    // ASCII letters differ only in bit 0x20; both must be letters for a fold to apply.
    if ((x | 0x20) !== (y | 0x20)) return false;
    const lower = x | 0x20;
    if (lower < 0x61 || lower > 0x7a) return false;
  }
  return true;
}
