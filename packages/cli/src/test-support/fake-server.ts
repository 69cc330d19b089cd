import { until } from "@amikit/test-support";
import { afterAll, beforeAll } from "vitest";
import { type SimulatedAsterisk, startSimulatedAsterisk } from "../simulator/simulated-asterisk.ts";
import { assertBuilt } from "./run-binary.ts";

/**
 * A simulated Asterisk on 127.0.0.1 with no automatic traffic (tests place calls themselves) and calls
 * that last long enough to be listed.
 */
export function startQuietSimulation(): Promise<SimulatedAsterisk> {
  return startSimulatedAsterisk({ port: 0, callsPerSecond: 0, ringMs: [10, 20], talkMs: [60_000, 60_000] });
}

/**
 * Gives a test file one quiet simulation: started before its tests (once the CLI is known to be
 * built) and closed after them. Returns a getter, since the simulation exists only once `beforeAll` ran.
 */
export function useQuietSimulation(): () => SimulatedAsterisk {
  let simulation: SimulatedAsterisk | undefined;
  beforeAll(async () => {
    assertBuilt();
    simulation = await startQuietSimulation();
  });
  afterAll(async () => {
    await simulation?.close();
  });
  return () => {
    if (simulation === undefined)
      throw new Error("the simulation is started by beforeAll; use it inside a test");
    return simulation;
  };
}

/** `--url` pointing at a simulation, with another secret when given. */
export function urlOf(simulation: SimulatedAsterisk, secret = "amipass", username = "admin"): string {
  return `ami://${username}:${secret}@127.0.0.1:${simulation.port}`;
}

/** Waits until `check` holds, for at most `timeout` ms (the shared polling helper of @amikit/test-support). */
export function eventually(check: () => boolean, timeout = 5_000): Promise<void> {
  return until(check, "condition", timeout);
}
