import { type ChildProcess, spawn, spawnSync } from "node:child_process";

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

/** Whether `python3` with the `pty` module is available to run terminal tests. */
export function ptyAvailable(): boolean {
  const probe = spawnSync("python3", ["-c", "import pty, termios, fcntl"], { stdio: "ignore" });
  return probe.status === 0;
}

/** Runs `command args…` inside a pseudo-terminal; write keystrokes to stdin, read the screen bytes on stdout. */
export function spawnInPty(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawn("python3", ["-c", bridge, command, ...args], {
    env,
    stdio: ["pipe", "pipe", "pipe"],
  }) as ChildProcess & { output: { stdout: string; stderr: string } };
  child.output = { stdout: "", stderr: "" };
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    child.output.stdout += text;
  });
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    child.output.stderr += text;
  });
  return child;
}
