/**
 * @amikit/cli — the `amikit` command (see README.md), and the pieces it is built from for programs that
 * want them: run the command line in-process, or start the simulated Asterisk with call traffic.
 */

export { CliFailure, UsageError } from "./cli-errors.ts";
export type { ConnectionFlags, ConnectionSettings } from "./connection/connection-options.ts";
export { parseAmiUrl, resolveConnectionSettings } from "./connection/connection-options.ts";
export type { CliIo, TextInput, TextOutput } from "./context.ts";
export { ExitCode } from "./exit-codes.ts";
export { cliVersion, runCli } from "./run-cli.ts";
export type { SimulatedAsterisk, SimulatedAsteriskOptions } from "./simulator/simulated-asterisk.ts";
export { startSimulatedAsterisk } from "./simulator/simulated-asterisk.ts";
