/**
 * Starts and stops real `nats-server` processes for the tests: 127.0.0.1, a free port, JetStream on,
 * a temporary store directory removed at the end.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { connect } from "@nats-io/transport-node";

/** The `nats-server` binary on PATH (or /usr/sbin, where Debian puts it), if any. */
export function findNatsServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    if (dir === "") continue;
    const candidate = join(dir, "nats-server");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

let skipAnnounced = false;

/**
 * Whether the NATS tests can run. Without `nats-server` they are skipped with one line saying how to
 * install it, unless `AMIKIT_REQUIRE_NATS=1` (set by `.ci/run`), which makes that a failure.
 */
export function natsServerAvailable(): boolean {
  if (findNatsServer() !== undefined) return true;
  if (process.env.AMIKIT_REQUIRE_NATS === "1") {
    throw new Error(
      "AMIKIT_REQUIRE_NATS=1 but nats-server is not on PATH: apt-get install -y nats-server (Debian) or see https://docs.nats.io",
    );
  }
  if (!skipAnnounced) {
    skipAnnounced = true;
    console.log(
      "@amikit/nats: relay tests skipped: nats-server is not on PATH (install it: apt-get install -y nats-server)",
    );
  }
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

/** A running test NATS server. */
export class TestNatsServer {
  readonly port: number;
  readonly storeDir: string;
  #process: ChildProcess | undefined;
  #output = "";

  private constructor(port: number, storeDir: string) {
    this.port = port;
    this.storeDir = storeDir;
  }

  /** Starts a server on a free port with a new temporary store. */
  static async start(): Promise<TestNatsServer> {
    const server = new TestNatsServer(await freePort(), mkdtempSync(join(tmpdir(), "amikit-nats-")));
    await server.restart();
    return server;
  }

  /** `nats://127.0.0.1:<port>`. */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** (Re)starts the process on the same port and store; resolves once it accepts clients. */
  async restart(): Promise<void> {
    if (this.#process !== undefined) return;
    const binary = findNatsServer();
    if (binary === undefined) throw new Error("nats-server is not on PATH");
    const child = spawn(binary, ["-a", "127.0.0.1", "-p", String(this.port), "-js", "-sd", this.storeDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      this.#output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      this.#output += chunk.toString();
    });
    this.#process = child;
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`nats-server exited: ${this.#output}`);
      try {
        const nc = await connect({ servers: this.url, reconnect: false, timeout: 500 });
        await nc.close();
        if (this.#output.includes("Server is ready")) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`nats-server did not start: ${this.#output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 5 s); the store stays for a restart. */
  async stop(): Promise<void> {
    const child = this.#process;
    if (child === undefined) return;
    this.#process = undefined;
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
    this.#output = "";
  }

  /** Stops the process and removes the store. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
