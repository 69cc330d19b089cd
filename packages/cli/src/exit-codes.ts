/**
 * The exit codes of the `amikit` command. Scripts can rely on them:
 * `0` everything worked, `1` Asterisk answered with an error, `2` the command line was wrong,
 * `3` the connection or the login failed.
 */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** Asterisk answered `Response: Error` (or an Originate failed). */
  amiError: 1,
  /** The command line was wrong: unknown subcommand or flag, missing argument, invalid action parameters. */
  usage: 2,
  /** The server could not be reached, the connection broke, or the login was refused. */
  connection: 3,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
