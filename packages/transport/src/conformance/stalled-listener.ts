import { type ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";
import * as os from "node:os";
import { ConformanceFailure } from "./assert.ts";

/**
 * A loopback listener that never accepts and whose accept queue is full, so a further connection attempt
 * gets no answer at all (the kernel drops its SYN): the only honest way to make a connect time out
 * without dialling anything but 127.0.0.1. @internal
 */
export interface StalledListener {
  readonly host: string;
  readonly port: number;
  /** Kills the listener and drops the connections that filled its queue. */
  close(): Promise<void>;
}

// The listener runs in a child process that blocks its own event loop (Atomics.wait), so it never calls
// accept(); it exits by itself after 60 s should the parent die. Backlog 1: the kernel queues two
// connections, then drops SYNs.
const listenerSource = `import * as net from "node:net"; import * as fs from "node:fs";
const server = net.createServer(() => {});
server.listen({ host: "127.0.0.1", port: 0, backlog: 1 }, () => {
  fs.writeSync(1, server.address().port + "\\n");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
  process.exit(0);
});`;

function listenerCommand(): { command: string; args: string[] } {
  const runtime = globalThis as { Deno?: unknown; Bun?: unknown };
  if (runtime.Deno !== undefined) {
    return {
      command: process.execPath,
      args: ["eval", "--no-config", "--no-npm", "--ext=js", listenerSource],
    };
  }
  // Bun ignores the backlog of node:net listeners (it always asks for 512), so Bun runs the listener with
  // the Node.js on PATH, which honours it.
  const command = runtime.Bun !== undefined ? "node" : process.execPath;
  return { command, args: ["--input-type=module", "-e", listenerSource] };
}

/** Starts a {@link StalledListener}; fills its accept queue before resolving. @internal */
export async function startStalledListener(): Promise<StalledListener> {
  const { command, args } = listenerCommand();
  const child = spawn(command, args, {
    cwd: os.tmpdir(),
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" },
  });
  const fillers: net.Socket[] = [];
  const close = async (): Promise<void> => {
    for (const filler of fillers) filler.destroy();
    await killChild(child);
  };
  try {
    const port = await readPort(child);
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const filler = net.connect({ host: "127.0.0.1", port });
      filler.on("error", () => {});
      fillers.push(filler);
      const connected = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 200);
        filler.once("connect", () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (!connected) return { host: "127.0.0.1", port, close };
    }
    throw new ConformanceFailure("the stalled listener kept accepting connections: its backlog never filled");
  } catch (error) {
    await close();
    throw error;
  }
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new ConformanceFailure("the stalled listener did not start")),
      10_000,
    );
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new ConformanceFailure(`cannot start the stalled listener: ${error.message}`, { cause: error }));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new ConformanceFailure(`the stalled listener exited early (code ${code})`));
    });
    child.stdout?.on("data", (chunk: Uint8Array) => {
      output += new TextDecoder().decode(chunk);
      const line = output.split("\n")[0];
      if (output.includes("\n") && line !== undefined) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners("data");
        resolve(Number(line.trim()));
      }
    });
  });
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}
