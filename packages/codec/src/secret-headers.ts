/**
 * Which headers carry secrets: the one list both the codec (its error messages) and the client (its
 * diagnostics) go by.
 */

/**
 * `secret`, `pass` (Password, Passwd, passphrase…), `key` (Key, AuthKey…) and `variable` (Variable,
 * ChanVariable…, whose `name=value` entries often hold credentials such as `DBPASS=…`), anywhere in
 * the name, in any case.
 */
const SECRET_HEADER = /secret|pass|key|variable/i;

/**
 * Whether the values of header `key` may hold a secret and so must never appear in an error message or
 * a log: `Secret`, `Key`, `Password`, `Variable`, and any name containing `secret`, `pass`, `key` or
 * `variable` (case-insensitive). Errors about such a header name it and say what is wrong (the
 * character and its position) without quoting the value.
 *
 * @example
 * isSecretHeader("Secret"); // true
 * isSecretHeader("Variable"); // true
 * isSecretHeader("Channel"); // false
 */
export function isSecretHeader(key: string): boolean {
  return SECRET_HEADER.test(key);
}
