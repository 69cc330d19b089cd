/**
 * Zero drift: seeded random scenarios on the fake Asterisk, tracked by one `trackPbx` over a real client;
 * after every step (once its events are delivered) the live state equals a fresh snapshot taken over a
 * second client. Compared: what a snapshot can know (see `project`): channels (name, linkedid, state,
 * bridge, caller id, connected line, account code, dialplan position, variables), the calls' channels and
 * bridges, bridges (type, technology, members), queues (members, entries), conference participants, device
 * and extension states. Left out: times, dial status, hold, applications and counters, which the list
 * actions report differently from (or not at all like) the events.
 *
 * `AMIKIT_DRIFT_SCENARIOS=5000` (and `AMIKIT_DRIFT_STEPS`, `AMIKIT_DRIFT_SEED`) runs a longer version.
 */
import type { AmiClient } from "@amikit/client";
import { createCallSimulator } from "@amikit/testing";
import { describe, expect, it } from "vitest";
import { trackPbx } from "./live.ts";
import type { LiveState } from "./model/state.ts";
import { LIVE_DOMAINS } from "./reducers/domains.ts";
import { buildSnapshot } from "./sync/build-snapshot.ts";
import { coveredDomains, fetchSnapshot } from "./sync/fetch-snapshot.ts";
import { DRIFT_OPTIONS, randomStep, seededRandom } from "./test-support/drift-scenario.ts";
import { clientOf, manualFake, onCleanup } from "./test-support/fake-pbx.ts";
import { project } from "./test-support/project.ts";

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const SCENARIOS = env("AMIKIT_DRIFT_SCENARIOS", 4);
const STEPS = env("AMIKIT_DRIFT_STEPS", 40);
const FIRST_SEED = env("AMIKIT_DRIFT_SEED", 1);
const long = SCENARIOS > 4;

/** Waits until every event the fake sent before now has been applied: AMI delivers in order, so a Ping's answer comes after them, and the live state applies a delivery in the microtask after it. */
async function delivered(tracked: AmiClient): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await tracked.action("Ping");
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The comparable state of the domains a snapshot covers. */
async function compared(state: LiveState, actor: AmiClient) {
  const items = await fetchSnapshot(actor, LIVE_DOMAINS);
  const covered = new Set<string>(coveredDomains(items, LIVE_DOMAINS));
  const pick = (projected: ReturnType<typeof project>) =>
    Object.fromEntries(Object.entries(projected).filter(([name]) => covered.has(name) || name === "calls"));
  return { live: pick(project(state)), fresh: pick(project(buildSnapshot(items, 0))), covered };
}

async function scenario(seed: number): Promise<{ steps: string[]; peak: number; covered: Set<string> }> {
  const fake = manualFake(DRIFT_OPTIONS);
  const actor = clientOf(fake);
  const tracked = clientOf(fake);
  await actor.connect();
  const pbx = trackPbx(tracked);
  onCleanup(() => pbx.close());
  await tracked.connect();
  await pbx.ready;
  const random = seededRandom(seed);
  // Odd seeds add the call simulator (PJSIP calls, hold, unhold). It takes over Originate (its calls of
  // any technology replace the dialplan's Local calls) and runs its own steps on real timers, not the
  // fake's manual clock: its calls ring until a step hangs them up, so nothing happens between a step and
  // its comparison. Even seeds play the dialplan's Local calls: Dial bridges, optimisation, ConfBridge,
  // transfers.
  const frozen = [1e9, 1e9] as const;
  const simulator =
    seed % 2 === 1 ? createCallSimulator({ fake, seed, ringMs: frozen, talkMs: frozen }) : undefined;
  if (simulator !== undefined) onCleanup(() => simulator.stop());
  const world = { fake, actor, simulator, random };
  const steps: string[] = [];
  let peak = 0;
  let covered = new Set<string>();
  for (let step = 0; step < STEPS; step++) {
    steps.push(await randomStep(world));
    await delivered(tracked);
    const result = await compared(pbx.snapshot(), actor);
    covered = result.covered;
    peak = Math.max(peak, fake.channels.length);
    if (JSON.stringify(result.live) !== JSON.stringify(result.fresh)) {
      const log = steps.map((line, index) => `  ${index}: ${line}`).join("\n");
      expect(
        result.live,
        `drift at seed ${seed}, step ${step} (replay: AMIKIT_DRIFT_SEED=${seed} AMIKIT_DRIFT_SCENARIOS=1)\n${log}`,
      ).toEqual(result.fresh);
    }
  }
  return { steps, peak, covered };
}

describe("drift between the live state and a fresh snapshot", () => {
  it(
    `is zero after every step of ${SCENARIOS} seeded scenarios of ${STEPS} steps`,
    async () => {
      const kinds = new Set<string>();
      let peak = 0;
      for (let seed = FIRST_SEED; seed < FIRST_SEED + SCENARIOS; seed++) {
        const result = await scenario(seed);
        for (const line of result.steps) kinds.add(line.split(" ")[0] ?? "");
        peak = Math.max(peak, result.peak);
        expect([...result.covered]).toEqual(
          expect.arrayContaining(["channels", "bridges", "conferences", "queues", "devices"]),
        );
      }
      // The scenarios really exercised the PBX: calls overlapped, and most kinds of step happened.
      expect(peak).toBeGreaterThan(4);
      expect(kinds.size).toBeGreaterThanOrEqual(long ? 10 : 6);
    },
    long ? 24 * 3600_000 : 50_000,
  );
});
