import { type ChildProcess, spawnSync } from "node:child_process";
import { spawnCapturing } from "./run-binary.ts";

/**
 * A tiny pseudo-terminal bridge in Python (its standard `pty` module): runs a command on a new pty sized
 * 120×40, copies our stdin to the pty and the pty's output to our stdout, and exits with the command's
 * exit code. Node has no pty of its own without a native dependency.
 */
const bridge = `
import fcntl, os, pty, select, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
stdin_open = True
while True:
    watched = [fd] + ([0] if stdin_open else [])
    ready, _, _ = select.select(watched, [], [], 0.05)
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            break
        os.write(1, data)
    if stdin_open and 0 in ready:
        data = os.read(0, 65536)
        if data:
            os.write(fd, data)
        else:
            stdin_open = False
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

/** Which pseudo-terminal helper this machine has: python3's `pty` module, util-linux `script`, or none. */
function ptyHelper(): "python3" | "script" | undefined {
  // AMIKIT_TEST_PTY=script forces the fallback, to test it on a machine that has both.
  const forced = process.env.AMIKIT_TEST_PTY;
  if (forced === "python3" || forced === "script") return forced;
  if (spawnSync("python3", ["-c", "import pty, termios, fcntl"], { stdio: "ignore" }).status === 0)
    return "python3";
  if (spawnSync("script", ["--version"], { stdio: "ignore" }).status === 0) return "script";
  return undefined;
}

const helper = ptyHelper();

/** Whether terminal tests can run here (python3 with `pty`, or util-linux `script`). */
export function ptyAvailable(): boolean {
  return helper !== undefined;
}

/** Quotes a word for `sh -c`. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * Runs `command args…` inside a pseudo-terminal (through python3, else `script`); write keystrokes to
 * stdin, read the screen bytes on stdout.
 */
export function spawnInPty(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
): ChildProcess & { output: { stdout: string; stderr: string } } {
  const [program, programArgs] =
    helper === "script"
      ? ["script", ["-q", "-e", "-c", [command, ...args].map(shellQuote).join(" "), "/dev/null"]]
      : ["python3", ["-c", bridge, command, ...args]];
  return spawnCapturing(program, programArgs, env);
}
