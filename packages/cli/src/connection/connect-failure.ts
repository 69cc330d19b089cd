/**
 * The one-line reason the CLI prints when connecting or logging in fails, worded for the command line:
 * the target is named once by the caller, and the client's option names become the CLI's flags.
 */

/**
 * The reason an `AmiAuthError` gives, without the client's own `login of "<user>" refused: ` prefix
 * (the CLI already says "login refused for <user>@<host>"): the server's `Message`, or the client's
 * message when it has another shape (an MD5 Challenge that failed).
 *
 * @param error - the `AmiAuthError` (recognised by name).
 */
export function authRefusalReason(error: Error): string {
  return error.message.replace(/^login of "[^"]*" refused: /, "");
}

/**
 * Names the flag `--timeout` where the client's message names its option `connectTimeout`, and drops a
 * leading "cannot connect to host:port: " that the CLI prints itself.
 *
 * @param reason - the one-line reason of the client's error.
 */
export function cliConnectReason(reason: string): string {
  return reason
    .replace(/^cannot connect to [^ ]+: /, "")
    .replace(/\bconnectTimeout \((\d+) ms\)/g, "--timeout ($1 ms)");
}
