/**
 * Splits a REPL line into words the way a shell would, simply: whitespace separates words, `"…"` and
 * `'…'` group (the quotes are removed), a backslash escapes the next character outside single quotes.
 *
 * @returns the words, and whether the line ended inside an open quote.
 */
export function tokenize(line: string): { words: string[]; unterminated: boolean } {
  const words: string[] = [];
  let current = "";
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < line.length; index++) {
    const character = line[index] as string;
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      else if (character === "\\" && quote === '"' && index + 1 < line.length) current += line[++index];
      else current += character;
      continue;
    }
    if (character === '"' || character === "'") {
      quote = character;
      inWord = true;
    } else if (character === "\\" && index + 1 < line.length) {
      current += line[++index];
      inWord = true;
    } else if (/\s/.test(character)) {
      if (inWord) words.push(current);
      current = "";
      inWord = false;
    } else {
      current += character;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return { words, unterminated: quote !== undefined };
}
