import { createFakeAsterisk, type FakeAsterisk } from "@amikit/testing";
import { attachSimulator, simulatorCommands } from "./attach-simulator.ts";
import type { CallSimulator, CallSimulatorOptions } from "./call-simulator.ts";

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
  /** Stops the traffic and closes the server and every connection. */
  close(): Promise<void>;
}

/** Options of {@link startSimulatedAsterisk}. */
export interface SimulatedAsteriskOptions extends Omit<CallSimulatorOptions, "emit"> {
  /** Address to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** Port to listen on; default 5038, 0 for any free port. */
  readonly port?: number;
}

/**
 * Starts @amikit/testing's fake Asterisk on TCP with the call simulator wired to it (events through
 * `emit()`, CoreShowChannels/Hangup/Originate through `handle()`, `core show channels` through the fake's
 * `commands`), and starts the traffic.
 */
export async function startSimulatedAsterisk(
  options: SimulatedAsteriskOptions = {},
): Promise<SimulatedAsterisk> {
  let simulator: CallSimulator | undefined;
  const fake = createFakeAsterisk({ commands: simulatorCommands(() => simulator, options.now) });
  const { host: _host, port: _port, ...simulatorOptions } = options;
  simulator = attachSimulator(fake, simulatorOptions);
  const address = await fake.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 5038 });
  const host = address.host;
  const port = address.port;
  const running = simulator;
  running.start();
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    fake,
    simulator: running,
    host,
    port,
    url: `ami://admin:amipass@${urlHost}:${port}`,
    async close() {
      running.stop();
      await fake.close();
    },
  };
}
