/**
 * The greeting check: the first line a server sends must be an AMI greeting before the client writes
 * anything (above all `Login` with its `Secret`) to it.
 */
/**
 * What counts as an AMI greeting: a RegExp the first line must match, or a function that returns `true`
 * for an acceptable line. Used by the `greeting` option.
 */
export type AmiGreetingCheck = RegExp | ((line: string) => boolean);

/**
 * The default greeting check: `Asterisk Call Manager/<version>` (what Asterisk's `manager.c` sends),
 * or `Asterisk Call Manager Proxy/<version>` (what `astmanproxy` sends).
 */
export const DEFAULT_GREETING: RegExp = /^Asterisk Call Manager(?: Proxy)?\/\S/;

/** How many characters of a peer's line an error quotes. @internal */
export const QUOTE_LIMIT = 40;

/**
 * `text` for an error message: at most {@link QUOTE_LIMIT} characters, in double quotes, with anything
 * but printable ASCII escaped (`\r`, `\u001b` …), and `…` after the quote when it was cut.
 *
 * @internal
 */
export function shortQuote(text: string): string {
  const cut = text.length > QUOTE_LIMIT;
  const escaped = (cut ? text.slice(0, QUOTE_LIMIT) : text).replace(/[^\x20-\x7e]|["\\]/g, (c) => {
    if (c === '"' || c === "\\") return `\\${c}`;
    if (c === "\r") return "\\r";
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `"${escaped}"${cut ? "…" : ""}`;
}

/**
 * Whether `line` passes `check`. A check function that throws fails the line (the error becomes the
 * `cause` of the connect failure through `onError`). A RegExp's `lastIndex` is neither used nor changed.
 *
 * @internal
 */
export function isGreeting(
  line: string,
  check: AmiGreetingCheck,
  onError?: (error: unknown) => void,
): boolean {
  if (check instanceof RegExp) return line.search(check) !== -1;
  try {
    return check(line) === true;
  } catch (error) {
    onError?.(error);
    return false;
  }
}
