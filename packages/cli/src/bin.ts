#!/usr/bin/env node
import { runCli } from "./run-cli.ts";

const interrupt = new AbortController();
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // A second Ctrl-C while shutting down means "now".
    if (interrupted) process.exit(130);
    interrupted = true;
    interrupt.abort(new Error(`received ${signal}`));
  });
}
// `amikit events --json | head` closes the pipe early: that is a normal end, not a crash.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  interrupt: interrupt.signal,
});
process.exitCode = code;
// Everything is closed by now; if a stray handle would keep the process alive, do not hang on it.
setTimeout(() => process.exit(code), 1000).unref();
