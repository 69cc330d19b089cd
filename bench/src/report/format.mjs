const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** @param {number | undefined} value */
export function formatInteger(value) {
  return value === undefined ? "–" : integer.format(value);
}

/** @param {number | undefined} value @param {number} [digits] */
export function formatFixed(value, digits = 1) {
  return value === undefined ? "–" : value.toFixed(digits);
}

/** @param {number | undefined} ratio */
export function formatRatio(ratio) {
  return ratio === undefined ? "–" : `${ratio.toFixed(2)}×`;
}

/** Escapes a value for a markdown table cell and shows invisible characters. @param {string} text */
export function cell(text) {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** A value shown in code span, JSON-quoted so control characters and U+FFFD are visible. @param {unknown} value */
export function quoted(value) {
  const json = JSON.stringify(value) ?? "undefined";
  return `\`${json.length > 90 ? `${json.slice(0, 87)}…` : json}\``;
}
