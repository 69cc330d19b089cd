import {
  type CallSimulator,
  type CallSimulatorOptions,
  createCallSimulator,
  createFakeAsterisk,
  type FakeAsterisk,
  type FakeSession,
} from "@amikit/testing";
import { formatTarget } from "@amikit/transport";
import { SIMULATED_QUEUE_DIALPLAN, SIMULATED_QUEUES, simulatedQueueTraffic } from "./simulated-queues.ts";

/** A fake Asterisk with simulated call traffic, listening on TCP. */
export interface SimulatedAsterisk {
  /** The fake server (users `admin`/`amipass` and `reader`/`readpass`). */
  readonly fake: FakeAsterisk;
  /** The traffic generator. */
  readonly simulator: CallSimulator;
  /** The address it listens on. */
  readonly host: string;
  /** The port it listens on (the real one when 0 was asked for). */
  readonly port: number;
  /** `ami://admin:amipass@host:port`, ready for `--url`. */
  readonly url: string;
  /**
   * Stops the traffic and shuts down as Asterisk does: a `Shutdown` event, then every connection is
   * closed cleanly (FIN after everything written), not reset; a client that has not let go within
   * `graceMs` (default 1000) is reset. Then the server stops listening.
   */
  close(graceMs?: number): Promise<void>;
}

/** Options of {@link startSimulatedAsterisk}. */
export interface SimulatedAsteriskOptions extends Omit<CallSimulatorOptions, "emit" | "fake"> {
  /** Address to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** Port to listen on; default 5038, 0 for any free port. */
  readonly port?: number;
  /**
   * Multiplies the queue calls' durations (the agents' ringing and talking, the queues' timeouts, the
   * callers' patience), which run in the fake's dialplan; default 1 (real time). Tests use less.
   */
  readonly timeScale?: number;
}

/**
 * Starts @amikit/testing's fake Asterisk on TCP with its call simulator playing calls on it (the fake's
 * channels answer CoreShowChannels, Status, Hangup and `core show channels`; the simulator answers
 * Originate), and starts the traffic. The fake has two queues, `support` and `sales`
 * ({@link SIMULATED_QUEUES}): unless `queueTraffic` says otherwise, 1 generated call in 4 is a caller
 * sent into them, and members are paused and unpaused now and then (QueueStatus, the Queue events).
 */
export async function startSimulatedAsterisk(
  options: SimulatedAsteriskOptions = {},
): Promise<SimulatedAsterisk> {
  const fake = createFakeAsterisk({
    queues: SIMULATED_QUEUES,
    dialplan: SIMULATED_QUEUE_DIALPLAN,
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
  });
  const { host: _host, port: _port, timeScale: _timeScale, ...simulatorOptions } = options;
  const simulator: CallSimulator = createCallSimulator({
    queueTraffic: simulatedQueueTraffic(options.callsPerSecond ?? 1),
    ...simulatorOptions,
    fake,
  });
  const address = await fake.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 5038 });
  const host = address.host;
  const port = address.port;
  const running = simulator;
  running.start();
  return {
    fake,
    simulator: running,
    host,
    port,
    url: `ami://admin:amipass@${formatTarget(host, port)}`,
    async close(graceMs = 1000) {
      running.stop();
      fake.emit({
        Event: "Shutdown",
        Privilege: "system,all",
        // Any channel up (the queue calls' Local channels too, which are the fake's, not the simulator's).
        Shutdown: fake.channels.length === 0 ? "Cleanly" : "Uncleanly",
        Restart: "False",
      });
      await closeWithin(fake.openSessions, graceMs);
      await fake.close();
    },
  };
}

/** Closes each session cleanly, waiting at most `graceMs` for them all to end. */
async function closeWithin(sessions: readonly FakeSession[], graceMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(sessions.map((session) => session.close())),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    }),
  ]);
  clearTimeout(timer);
}
