import { type SimulatedAsterisk, startSimulatedAsterisk } from "../simulator/simulated-asterisk.ts";

/**
 * A simulated Asterisk on 127.0.0.1 with no automatic traffic (tests place calls themselves) and calls
 * that last long enough to be listed.
 */
export function startQuietSimulation(): Promise<SimulatedAsterisk> {
  return startSimulatedAsterisk({ port: 0, callsPerSecond: 0, ringMs: [10, 20], talkMs: [60_000, 60_000] });
}

/** `--url` pointing at a simulation, with another secret when given. */
export function urlOf(simulation: SimulatedAsterisk, secret = "amipass", username = "admin"): string {
  return `ami://${username}:${secret}@127.0.0.1:${simulation.port}`;
}

/** Waits until `check` holds, polling every 10 ms, for at most `timeout` ms. */
export async function eventually(check: () => boolean, timeout = 5_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
