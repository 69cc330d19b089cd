/**
 * The reference reading of one packet's text, used to know what every library SHOULD produce.
 * Lines are split on CRLF; a line's key is everything before its first `:`, its value everything after,
 * minus the one space Asterisk writes after the colon (`Key:` alone is an empty value). A line without a
 * colon becomes a key with an empty value, so nothing is silently dropped.
 *
 * @param {string} text packet text without its terminating blank line
 * @returns {Array<[string, string]>} every header in wire order
 */
export function referenceFields(text) {
  /** @type {Array<[string, string]>} */
  const fields = [];
  for (const line of text.split("\r\n")) {
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon < 0) {
      fields.push([line, ""]);
      continue;
    }
    const start = line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
    fields.push([line.slice(0, colon), line.slice(start)]);
  }
  return fields;
}

/**
 * Fields as a case-insensitive multimap: lower-cased key → every value in wire order. This is the form
 * in which libraries that return plain objects can be compared fairly (they lower-case keys or lose the
 * order between different keys, which loses no data).
 *
 * @param {Iterable<readonly [string, string]>} fields
 * @returns {Map<string, string[]>}
 */
export function fieldMultimap(fields) {
  /** @type {Map<string, string[]>} */
  const map = new Map();
  for (const [key, value] of fields) {
    const lower = key.toLowerCase();
    const values = map.get(lower);
    if (values) values.push(value);
    else map.set(lower, [value]);
  }
  return map;
}
