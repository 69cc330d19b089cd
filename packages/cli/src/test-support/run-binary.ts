import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The built binary the tests drive: `packages/cli/dist/bin.js`. */
export const binPath = resolve(dirname(fileURLToPath(import.meta.url)), "../../dist/bin.js");

/** Fails early, with the fix, when the package has not been built. */
export function assertBuilt(): void {
  if (!existsSync(binPath)) {
    throw new Error(`${binPath} is missing: build first (pnpm turbo run build --filter @amikit/cli...)`);
  }
}

/** A clean environment: no AMI_* from the developer's shell, no colour, a throw-away HOME. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: mkdtempSync(join(tmpdir(), "amikit-cli-home-")),
    NO_COLOR: "1",
    ...extra,
  };
}

/** What a finished run of the binary produced. */
export interface BinaryResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runBinary}. */
export interface RunOptions {
  readonly env?: Record<string, string>;
  /** Written to stdin, which is then closed (stdin is a pipe: not a terminal). */
  readonly input?: string;
  /** Kill the process after this many ms (the test then fails on the exit code). */
  readonly timeout?: number;
}

/** Runs `node dist/bin.js ...args` to completion. */
export function runBinary(args: readonly string[], options: RunOptions = {}): Promise<BinaryResult> {
  const child = startBinary(args, options);
  return finished(child, options.timeout ?? 15_000);
}

/** Spawns `program` with piped stdio and collects its stdout and stderr (as UTF-8) on `output`. */
export function spawnCapturing(
  program: string,
  args: readonly string[],
  env: Record<string, string>,
): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawn(program, args, { env, stdio: ["pipe", "pipe", "pipe"] }) as ChildProcess & {
    output: { stdout: string; stderr: string };
  };
  child.output = { stdout: "", stderr: "" };
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    child.output.stdout += text;
  });
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    child.output.stderr += text;
  });
  return child;
}

/** Starts the binary and leaves it running (for `events`, `simulate`, signals). */
export function startBinary(
  args: readonly string[],
  options: RunOptions = {},
): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawnCapturing(process.execPath, [binPath, ...args], options.env ?? cleanEnv());
  if (options.input !== undefined) child.stdin?.end(options.input);
  return child;
}

/** Waits for a started binary to exit (killing it after `timeout` ms). */
export function finished(
  child: ChildProcess & { output: { stdout: string; stderr: string } },
  timeout = 15_000,
): Promise<BinaryResult> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeout);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout: child.output.stdout, stderr: child.output.stderr });
    });
  });
}

/** Resolves once the child's stdout (or stderr) matches, or rejects after `timeout` ms. */
export function waitForOutput(
  child: ChildProcess & { output: { stdout: string; stderr: string } },
  pattern: RegExp,
  stream: "stdout" | "stderr" = "stdout",
  timeout = 10_000,
): Promise<RegExpMatchArray> {
  return new Promise((resolvePromise, reject) => {
    const check = () => {
      const match = child.output[stream].match(pattern);
      if (match === null) return false;
      clearInterval(poll);
      clearTimeout(timer);
      resolvePromise(match);
      return true;
    };
    const poll = setInterval(check, 20);
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(
        new Error(
          `timed out waiting for ${pattern} on ${stream}; got:\n${child.output[stream]}\n---\n${child.output.stderr}`,
        ),
      );
    }, timeout);
    check();
  });
}

/** A 127.0.0.1 port nothing listens on: bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolvePromise) => server.listen(0, "127.0.0.1", resolvePromise));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
  return port;
}
