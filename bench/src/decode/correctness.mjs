import { fieldMultimap } from "../corpus/fields.mjs";

/**
 * Why a decoded packet differs from what was sent. All but `order` and `case` lose data; those two only
 * mean the representation cannot say exactly what the wire said (which amikit promises).
 * @typedef {"utf8" | "repeated" | "colon-value" | "value-case" | "key-lost" | "key-renamed" | "value-changed" | "extra-key" | "order" | "case" | "shape"} ProblemKind
 */

/** One phrase per problem kind, for the table. */
export const PROBLEM_TEXT = {
  utf8: "non-ASCII text garbled",
  repeated: "repeated headers collapsed",
  "colon-value": "values containing `: ` altered",
  "value-case": "letter case of values changed",
  "key-lost": "headers lost",
  "key-renamed": "header names altered",
  "value-changed": "values altered",
  "extra-key": "headers invented",
  shape: "packet type/name wrong",
  order: "wire order of headers not kept",
  case: "key case not kept",
};

/** Kinds that lose data (as opposed to only not being byte-exact). */
export const LOSSY_KINDS = new Set(
  Object.keys(PROBLEM_TEXT).filter((kind) => kind !== "order" && kind !== "case"),
);

/**
 * A decoded value: a string, or one entry of a name→value object (how plain-object libraries store
 * `Variable:`/`ChanVariable:` lines). An entry matches `name=value`, and `name` alone when its value is
 * empty, since `Variable: IDX` (VarSet) and `Variable: IDX=` are the same entry in such an object.
 * @typedef {string | { name: string, value: string }} DecodedValue
 */

/**
 * @param {string} want
 * @param {DecodedValue | undefined} have
 */
function valueMatches(want, have) {
  if (typeof have === "string") return have === want;
  if (have === undefined) return false;
  return want === `${have.name}=${have.value}` || (have.value === "" && want === have.name);
}

/** @param {DecodedValue | undefined} value */
export function showValue(value) {
  return typeof value === "object" ? `${value.name}=${value.value}` : value;
}

/** @param {string} text */
function hasNonAscii(text) {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 0x7f) return true;
  return false;
}

/**
 * @typedef {{ kind: ProblemKind, key: string, expected?: string[], got?: Array<string | undefined> }} Problem
 */

/**
 * Compares what a library produced (as a lower-cased multimap) with what was sent.
 * @param {Map<string, string[]>} expected
 * @param {Map<string, DecodedValue[]>} got
 * @returns {Problem[]}
 */
export function compareMultimaps(expected, got) {
  /** @type {Problem[]} */
  const problems = [];
  /** @type {Array<[string, string[]]>} */
  const lost = [];
  for (const [key, values] of expected) {
    const actual = got.get(key);
    if (actual === undefined) {
      lost.push([key, values]);
      continue;
    }
    if (values.length === actual.length && values.every((value, index) => valueMatches(value, actual[index])))
      continue;
    problems.push({
      kind: classifyValues(values, actual),
      key,
      expected: values,
      got: actual.map(showValue),
    });
  }
  const extra = [...got].filter(([key]) => !expected.has(key));
  for (const [key, values] of lost) {
    const renamed = extra.findIndex(
      ([, actual]) =>
        actual.length === values.length && values.every((value, index) => valueMatches(value, actual[index])),
    );
    if (renamed >= 0) {
      const [newKey] = extra.splice(renamed, 1)[0] ?? [""];
      problems.push({ kind: "key-renamed", key: `${key} → ${newKey}`, expected: values });
    } else {
      problems.push({ kind: "key-lost", key, expected: values });
    }
  }
  for (const [key, values] of extra) problems.push({ kind: "extra-key", key, got: values.map(showValue) });
  return problems;
}

/**
 * @param {string[]} expected
 * @param {DecodedValue[]} actual
 * @returns {ProblemKind}
 */
function classifyValues(expected, actual) {
  if (
    actual.length < expected.length &&
    actual.every((have) => expected.some((want) => valueMatches(want, have)))
  ) {
    return "repeated";
  }
  for (let index = 0; index < expected.length; index++) {
    const want = expected[index] ?? "";
    const have = actual[index];
    if (valueMatches(want, have)) continue;
    const shown = showValue(have);
    if (shown !== undefined && shown.toLowerCase() === want.toLowerCase()) return "value-case";
    if (hasNonAscii(want)) return "utf8";
    if (want.includes(": ")) return "colon-value";
  }
  if (actual.length < expected.length) return "repeated";
  return "value-changed";
}

/**
 * Compares exact fields (keys as sent, wire order), for a decoder that promises losslessness.
 * @param {ReadonlyArray<readonly [string, string]>} expected
 * @param {ReadonlyArray<readonly [string, string]>} got
 */
export function compareExactFields(expected, got) {
  if (
    got.length === expected.length &&
    got.every(([key, value], index) => {
      const want = expected[index];
      return want !== undefined && want[0] === key && want[1] === value;
    })
  ) {
    return [];
  }
  const problems = compareMultimaps(fieldMultimap(expected), fieldMultimap(got));
  if (problems.length > 0) return problems;
  const sameKeys = got.every(([key], index) => expected[index]?.[0].toLowerCase() === key.toLowerCase());
  return [{ kind: sameKeys ? "case" : "order", key: "*" }];
}

/**
 * Accumulates the check of every decoded packet of one library on one corpus.
 */
export class CorrectnessTally {
  /** @param {number} expectedCount */
  constructor(expectedCount) {
    this.expectedCount = expectedCount;
    this.count = 0;
    this.mismatched = 0;
    /** @type {Map<string, { count: number, example: { packet: number, key: string, expected?: string[], got?: string[] } }>} */
    this.problems = new Map();
  }

  /**
   * Records one checked packet; each kind of problem counts once per packet.
   * @param {number} index packet position in the stream
   * @param {ReturnType<typeof compareMultimaps>} problems
   */
  record(index, problems) {
    this.count++;
    if (problems.length === 0) return;
    this.mismatched++;
    const counted = new Set();
    for (const problem of problems) {
      const seen = this.problems.get(problem.kind);
      if (!seen)
        this.problems.set(problem.kind, { count: 1, example: { packet: index, ...withoutKind(problem) } });
      else if (!counted.has(problem.kind)) seen.count++;
      counted.add(problem.kind);
    }
  }

  /** @returns {CorrectnessResult} */
  result() {
    const kinds = [...this.problems.keys()];
    return {
      expectedCount: this.expectedCount,
      count: this.count,
      countOk: this.count === this.expectedCount,
      mismatched: this.mismatched,
      lossy: this.count !== this.expectedCount || kinds.some((kind) => LOSSY_KINDS.has(kind)),
      exact: this.count === this.expectedCount && kinds.length === 0,
      problems: Object.fromEntries(this.problems),
    };
  }
}

/**
 * @typedef {{
 *   expectedCount: number, count: number, countOk: boolean, mismatched: number,
 *   lossy: boolean, exact: boolean,
 *   problems: Record<string, { count: number, example: { packet: number, key: string, expected?: string[], got?: string[] } }>,
 * }} CorrectnessResult
 */

/** @param {{ kind: string }} problem */
function withoutKind({ kind: _kind, ...rest }) {
  return rest;
}
