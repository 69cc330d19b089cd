/**
 * The Levenshtein edit distance between two strings (insertions, deletions and substitutions each
 * cost 1), computed with two rows of memory.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? 0;
}

/**
 * Suggests the candidates closest to a mistyped name ("did you mean"). Comparison ignores case; a
 * candidate qualifies when its distance is at most a third of the input's length (at least 2), or when
 * one name starts with the other. Best first, ties in candidate order.
 *
 * @param input - what the user typed.
 * @param candidates - the names that exist.
 * @param limit - how many suggestions at most (default 3).
 */
export function suggest(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = input.toLowerCase();
  if (needle === "") return [];
  const threshold = Math.max(2, Math.floor(needle.length / 3));
  const scored: { name: string; score: number; order: number }[] = [];
  let order = 0;
  for (const name of candidates) {
    const hay = name.toLowerCase();
    const distance = editDistance(needle, hay);
    const prefix = needle.length >= 3 && (hay.startsWith(needle) || needle.startsWith(hay));
    if (distance <= threshold || prefix) {
      scored.push({ name, score: prefix ? Math.min(distance, threshold) : distance, order: order++ });
    }
  }
  scored.sort((x, y) => x.score - y.score || x.order - y.order);
  return scored.slice(0, limit).map((entry) => entry.name);
}
