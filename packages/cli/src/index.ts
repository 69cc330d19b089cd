/**
 * @amikit/cli — the `amikit` command (see README.md). As a library it offers what a program needs to use
 * the command: run the command line in-process ({@link runCli}, with the exit codes it returns), or start
 * the simulated Asterisk with call traffic ({@link startSimulatedAsterisk}). Everything else (argument
 * parsing, URL and flag resolution, the errors it maps to exit codes) is internal.
 */

export type { CliIo, TextInput, TextOutput } from "./context.ts";
export { ExitCode } from "./exit-codes.ts";
export { runCli } from "./run-cli.ts";
export type { SimulatedAsterisk, SimulatedAsteriskOptions } from "./simulator/simulated-asterisk.ts";
export { startSimulatedAsterisk } from "./simulator/simulated-asterisk.ts";
