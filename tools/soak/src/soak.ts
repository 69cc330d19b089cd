/**
 * One soak run: the hostile server in its own process, one client in this one, the workload for the
 * run's duration, then a grace period, a recovery check and the verdict.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type AmiClient, type AmiClientStatus, AmiError } from "@amikit/client";
import { connect } from "@amikit/node";
import { SOAK_CONNECT_TIMEOUT, SOAK_OFFLINE_QUEUE, SOAK_RECONNECT } from "./client-policy.ts";
import type { FlapWindow, HostileStats } from "./hostile-server.ts";
import { Ledger, type LedgerCounts } from "./ledger.ts";
import { judgeMemory, MemorySampler, type MemoryVerdict } from "./memory.ts";
import type { SoakOptions } from "./options.ts";
import { createPrng } from "./prng.ts";
import type { ServerCommand, ServerMessage } from "./server-process.ts";
import { startWorkload, type WorkloadEvents } from "./workload.ts";

/** Everything a soak run measured, and its verdict. */
export interface SoakReport {
  readonly options: SoakOptions;
  readonly actions: LedgerCounts;
  /** Milliseconds the soak waited, after the load stopped, for every action to settle. */
  readonly graceMs: number;
  readonly memory: MemoryVerdict;
  /** Times the client was connected again after the first connection. */
  readonly reconnects: number;
  /** The highest reconnect `attempt` `state$` reported. */
  readonly maxAttempt: number;
  /** `state$` emissions by status. */
  readonly states: Readonly<Partial<Record<AmiClientStatus, number>>>;
  /** Why the client went `reconnecting`, by error class. */
  readonly reconnectCauses: Readonly<Record<string, number>>;
  readonly events: WorkloadEvents;
  readonly server: HostileStats;
  /** Milliseconds from calm until a Ping was answered again, or `undefined` if none was. */
  readonly recoveredAfterMs: number | undefined;
  /** Whether `close()` finished within its bound. */
  readonly closed: boolean;
  /** Uncaught exceptions and unhandled rejections seen during the run. */
  readonly crashes: readonly string[];
  /** Each broken invariant, in words; empty when the run passed. */
  readonly failures: readonly string[];
}

/** Called with progress lines while the soak runs. */
export type SoakLog = (line: string) => void;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds after the load stops that every action gets to settle: the longest timeout, 3 × actionTimeout (Originate), plus 5 s. */
export function graceMs(actionTimeout: number): number {
  return 3 * actionTimeout + 5000;
}

/** Milliseconds after the grace period that the client gets to answer a Ping again. */
export function recoveryMs(actionTimeout: number): number {
  return SOAK_RECONNECT.maxDelay + SOAK_CONNECT_TIMEOUT + actionTimeout + 5000;
}

function startServer(options: SoakOptions): Promise<{ child: ChildProcess; port: number }> {
  const path = fileURLToPath(new URL("./server-process.js", import.meta.url));
  const child = fork(
    path,
    [
      String(options.seed),
      String(options.maxPacketBytes),
      String(options.paceMs),
      options.behaviours.join(","),
    ],
    {
      execArgv: [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("the hostile server did not start within 10 s"));
    }, 10_000);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the hostile server exited with code ${code}`)));
    child.on("message", (message: ServerMessage) => {
      if (message.type !== "ready") return;
      clearTimeout(timer);
      resolve({ child, port: message.port });
    });
  });
}

function command(child: ChildProcess, message: ServerCommand): void {
  if (child.connected) child.send(message);
}

function report(child: ChildProcess): Promise<HostileStats> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the hostile server did not report within 5 s")), 5000);
    const listener = (message: ServerMessage) => {
      if (message.type !== "report") return;
      clearTimeout(timer);
      child.off("message", listener);
      resolve(message.stats);
    };
    child.on("message", listener);
    command(child, { type: "report" });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners("exit");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.connected) child.disconnect();
  const killed = sleep(3000).then(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  await Promise.race([exited, killed]);
}

async function recover(client: AmiClient, actionTimeout: number): Promise<number | undefined> {
  const started = performance.now();
  const deadline = started + recoveryMs(actionTimeout);
  while (performance.now() < deadline) {
    try {
      await client.action("Ping", {}, { timeout: actionTimeout });
      return Math.round(performance.now() - started);
    } catch {
      await sleep(100);
    }
  }
  return undefined;
}

async function closeWithin(client: AmiClient, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const closed = client.close().then(
    () => true as const,
    () => true as const,
  );
  const result = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  return result;
}

/** The invariants a run must keep; each broken one in words. */
export function failuresOf(report: Omit<SoakReport, "failures">): string[] {
  const failures: string[] = [];
  const { actions, memory } = report;
  if (actions.pending > 0) {
    failures.push(
      `${actions.pending} action(s) never settled within the ${report.graceMs} ms grace period: ${JSON.stringify(actions.pendingByKind)} (kind: ages in ms)`,
    );
  }
  if (actions.untyped.length > 0) {
    failures.push(`actions failed with errors that are not AmiErrors: ${actions.untyped.join(" | ")}`);
  }
  if (memory.keptGrowing) {
    failures.push(
      `memory kept growing: ${memory.slopeMiBPerMinute} MiB/min over the last half (limit ${report.options.maxSlopeMiBPerMinute}) and ${memory.finalMiB} MiB at the end against ${memory.baselineMiB} MiB after warm-up (limit +${report.options.growthFloorMiB})`,
    );
  }
  if (memory.overCeiling) {
    failures.push(
      `live memory reached ${memory.peakLiveMiB} MiB, more than ${report.options.ceilingMiB} MiB above the ${memory.baselineMiB} MiB after warm-up`,
    );
  }
  if (memory.stallGrowthOverBudget) {
    failures.push(
      `the client kept queueing writes while the server did not read: live memory rose ${memory.maxStallGrowthMiB} MiB within one stall (budget ${report.options.stallBudgetMiB} MiB, ${memory.longStalls} long stall(s) judged)`,
    );
  }
  const flapping = report.server.flapWindows.filter((window: FlapWindow) => window.logins > window.allowed);
  if (flapping.length > 0) {
    const worst = flapping.reduce((a, b) => (b.logins / b.allowed > a.logins / a.allowed ? b : a));
    failures.push(
      `the reconnect backoff did not grow against a server that drops every login: ${flapping.length} of ${report.server.flapWindows.length} flap windows saw more logins than the policy allows (worst: ${worst.logins} logins in ${worst.ms} ms, at most ${worst.allowed} allowed)`,
    );
  }
  if (report.recoveredAfterMs === undefined) {
    failures.push("the client did not answer a Ping again after the hostile server calmed down");
  }
  if (!report.closed) failures.push("close() did not finish");
  if (report.crashes.length > 0) failures.push(`the process crashed: ${report.crashes.join(" | ")}`);
  return failures;
}

/** Runs one soak. `gc` is the exposed `globalThis.gc` (`node --expose-gc`). */
export async function runSoak(options: SoakOptions, gc: () => void, log: SoakLog): Promise<SoakReport> {
  const crashes: string[] = [];
  const onCrash = (error: unknown) => {
    if (crashes.length < 10)
      crashes.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  };
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);

  const prng = createPrng(options.seed);
  const { child, port } = await startServer(options);
  log(`hostile server on 127.0.0.1:${port} (seed ${options.seed})`);
  child.removeAllListeners("exit");
  child.on("exit", (code) => {
    crashes.push(`the hostile server exited early (code ${code})`);
  });

  const client = await connect({
    host: "127.0.0.1",
    port,
    username: "admin",
    secret: "amipass",
    actionTimeout: options.actionTimeout,
    connectTimeout: SOAK_CONNECT_TIMEOUT,
    reconnect: SOAK_RECONNECT,
    keepalive: options.keepalive > 0 ? options.keepalive : false,
    offlineQueue: SOAK_OFFLINE_QUEUE,
    maxPacketBytes: options.maxPacketBytes,
    random: () => prng.next(),
  });

  const states: Partial<Record<AmiClientStatus, number>> = {};
  const reconnectCauses: Record<string, number> = {};
  let connectedCount = 0;
  let maxAttempt = 0;
  const stateSubscription = client.state$.subscribe((state) => {
    states[state.status] = (states[state.status] ?? 0) + 1;
    if (state.status === "connected") connectedCount++;
    if (state.attempt !== undefined) maxAttempt = Math.max(maxAttempt, state.attempt);
    if (state.status === "reconnecting" && state.error !== undefined) {
      const name = state.error.constructor.name;
      reconnectCauses[name] = (reconnectCauses[name] ?? 0) + 1;
    }
  });

  const ledger = new Ledger((error) => error instanceof AmiError);
  const sampler = new MemorySampler(gc);
  sampler.start(Math.min(1000, Math.max(250, (options.durationSeconds * 1000) / 100)));
  const workload = startWorkload(client, ledger, prng, options);
  command(child, { type: "start" });

  const started = performance.now();
  const progress = setInterval(() => {
    const counts = ledger.counts();
    const seconds = Math.round((performance.now() - started) / 1000);
    log(
      `${seconds}s: ${counts.issued} issued, ${counts.pending} pending, status ${client.state.status}, rss ${Math.round(process.memoryUsage.rss() / 1048576)} MiB`,
    );
  }, 10_000);
  await sleep(options.durationSeconds * 1000);
  clearInterval(progress);

  workload.stopIssuing();
  sampler.stop();
  command(child, { type: "calm" });
  const grace = graceMs(options.actionTimeout);
  log(`load stopped; waiting up to ${grace} ms for ${ledger.counts().pending} pending action(s)`);
  await ledger.whenIdle(grace);
  const actions = ledger.counts();

  const recoveredAfterMs = await recover(client, options.actionTimeout);
  const server = await report(child);
  await workload.stop();
  const events = workload.events();
  const closed = await closeWithin(client, 5000);
  stateSubscription.unsubscribe();
  await stopServer(child);
  process.off("uncaughtException", onCrash);
  process.off("unhandledRejection", onCrash);

  const memory = judgeMemory(
    sampler.samples,
    options.durationSeconds,
    sampler.peakRss,
    options,
    server.stallSpans,
  );
  const partial = {
    options,
    actions,
    graceMs: grace,
    memory,
    reconnects: Math.max(0, connectedCount - 1),
    maxAttempt,
    states,
    reconnectCauses,
    events,
    server,
    recoveredAfterMs,
    closed,
    crashes,
  };
  return { ...partial, failures: failuresOf(partial) };
}
