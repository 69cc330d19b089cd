/**
 * Zero drift: seeded random scenarios on the fake Asterisk, tracked by one `trackPbx` over a real client;
 * after every step (once its events are delivered) the live state equals a fresh snapshot taken over a
 * second client. Compared: what a snapshot can know (see `project`): channels (name, linkedid, state,
 * bridge, caller id, connected line, account code, dialplan position, variables), the calls' channels and
 * bridges, bridges (type, technology, members), queues (members, entries), conference participants, device
 * and extension states. Callers go into the queues (`Queue()`: waiting, members rung, answered or rung out,
 * abandoning, either side hanging up), and the run checks that they did. Left out: times, dial status, hold, applications and counters, which the list
 * actions report differently from (or not at all like) the events.
 *
 * `AMIKIT_DRIFT_SCENARIOS=5000` (and `AMIKIT_DRIFT_STEPS`, `AMIKIT_DRIFT_SEED`) runs a longer version;
 * `AMIKIT_DRIFT_ATXFER=0` leaves attended transfers out.
 */
import type { AmiClient } from "@amikit/client";
import { until } from "@amikit/test-support";
import type { FakeSession } from "@amikit/testing";
import { createCallSimulator } from "@amikit/testing";
import { describe, expect, it } from "vitest";
import { diffStates, type LiveChange } from "./changes.ts";
import { type LivePbx, trackPbx } from "./live.ts";
import type { LiveState } from "./model/state.ts";
import { LIVE_DOMAINS } from "./reducers/domains.ts";
import { buildSnapshot } from "./sync/build-snapshot.ts";
import { coveredDomains, fetchSnapshot } from "./sync/fetch-snapshot.ts";
import { DRIFT_OPTIONS, type DriftWorld, randomStep, seededRandom } from "./test-support/drift-scenario.ts";
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
/** The events of callers in a queue: joining, members rung, answering or not, abandoning, the call's end. */
const QUEUE_CALL_EVENTS = [
  "QueueCallerJoin",
  "AgentCalled",
  "AgentConnect",
  "AgentRingNoAnswer",
  "AgentComplete",
  "QueueCallerAbandon",
  "QueueCallerLeave",
] as const;
/** How often a step is an outage of the tracked connection, with several steps played meanwhile. */
const OUTAGE_CHANCE = 0.06;

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

/**
 * Drops the tracked client's connection (the fake refuses it meanwhile), plays 3–12 steps, lets it back
 * in and waits for the resync: `changes$` must report each difference between the state before the
 * outage and the state after the resync exactly once (the zero-drift check follows as after any step).
 */
async function outage(
  world: DriftWorld,
  pbx: LivePbx,
  tracked: AmiClient,
  actorSession: FakeSession,
  where: string,
) {
  const { fake, random } = world;
  await delivered(tracked);
  const before = pbx.snapshot();
  const syncs = pbx.status.syncs;
  const changes: LiveChange[] = [];
  const subscription = pbx.changes$.subscribe((change) => changes.push(change));
  fake.connectionMode = "refuse";
  for (const session of fake.openSessions) if (session !== actorSession) session.drop();
  await until(() => pbx.status.state === "waiting", "the live state waits");
  const played: string[] = [];
  const count = 3 + Math.floor(random() * 10);
  for (let i = 0; i < count; i++) played.push(await randomStep(world));
  fake.connectionMode = "accept";
  await until(() => pbx.status.state === "synced" && pbx.status.syncs === syncs + 1, "the resync");
  await delivered(tracked);
  subscription.unsubscribe();
  const after = pbx.snapshot();
  const log = `${where}, outage: ${played.join("; ")}`;
  const id = (change: LiveChange) => `${change.collection} ${change.key}`;
  const resync = changes.filter((change) => change.why === "resync").map(id);
  expect(new Set(resync).size, `a key reported twice by the resync — ${log}`).toBe(resync.length);
  // Late events of a flow may follow the resync (applied after it): per key, the changes chain from the
  // state before the outage to the state after it, and every key that differs is reported. A key both
  // ends lack or share may be reported only by changes that cancel out: the simulator's calls run on real
  // timers, so a busy call placed just before the resync can be listed by it and end right after (seed 203).
  const chains = new Map<string, LiveChange[]>();
  for (const change of changes) chains.set(id(change), [...(chains.get(id(change)) ?? []), change]);
  const expected = diffStates(before, after, "resync");
  const differing = new Set(expected.map(id));
  const missing = expected.map(id).filter((key) => !chains.has(key));
  expect(missing, `changes$ left out a difference — ${log}`).toEqual([]);
  for (const [key, chain] of chains) {
    if (differing.has(key)) continue;
    expect(chain.at(-1)?.after, `${key} reported but unchanged — ${log}`).toEqual(chain[0]?.before);
  }
  for (const change of expected) {
    const chain = chains.get(id(change)) ?? [];
    expect(chain[0]?.before, `${id(change)} before — ${log}`).toBe(change.before);
    expect(chain[chain.length - 1]?.after, `${id(change)} after — ${log}`).toBe(change.after);
  }
  return { played, changes: changes.length };
}

async function scenario(seed: number) {
  const fake = manualFake(DRIFT_OPTIONS);
  const actor = clientOf(fake);
  const tracked = clientOf(fake);
  await actor.connect();
  const actorSession = fake.openSessions[0] as FakeSession;
  const pbx = trackPbx(tracked);
  onCleanup(() => pbx.close());
  await tracked.connect();
  await pbx.ready;
  const random = seededRandom(seed);
  // What the queues' callers went through (seen by the acting client, which outages leave connected).
  const queueCalls = new Map<string, number>();
  const queueSubscription = actor.on(...QUEUE_CALL_EVENTS).subscribe((event) => {
    const name = String(event.Event);
    queueCalls.set(name, (queueCalls.get(name) ?? 0) + 1);
  });
  onCleanup(() => queueSubscription.unsubscribe());
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
  let outageChanges = 0;
  let covered = new Set<string>();
  for (let step = 0; step < STEPS; step++) {
    if (random() < OUTAGE_CHANCE) {
      const result = await outage(world, pbx, tracked, actorSession, `seed ${seed}, step ${step}`);
      outageChanges += result.changes;
      steps.push(`outage: ${result.played.join("; ")} (${result.changes} changes on resync)`);
    } else {
      steps.push(await randomStep(world));
    }
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
  return { steps, peak, covered, outageChanges, queueCalls };
}

describe("drift between the live state and a fresh snapshot", () => {
  it(
    `is zero after every step of ${SCENARIOS} seeded scenarios of ${STEPS} steps`,
    async () => {
      const kinds = new Set<string>();
      let peak = 0;
      let outageChanges = 0;
      const queueCalls = new Map<string, number>();
      let stepCount = 0;
      for (let seed = FIRST_SEED; seed < FIRST_SEED + SCENARIOS; seed++) {
        const result = await scenario(seed);
        for (const line of result.steps) kinds.add(line.split(" ")[0] ?? "");
        peak = Math.max(peak, result.peak);
        outageChanges += result.outageChanges;
        stepCount += result.steps.length;
        for (const [name, count] of result.queueCalls)
          queueCalls.set(name, (queueCalls.get(name) ?? 0) + count);
        expect([...result.covered]).toEqual(
          expect.arrayContaining(["channels", "bridges", "conferences", "queues", "devices"]),
        );
      }
      // The scenarios really exercised the PBX: calls overlapped, and most kinds of step happened.
      expect(peak).toBeGreaterThan(4);
      expect(outageChanges).toBeGreaterThan(0); // some outage had something to resync
      expect(kinds.size).toBeGreaterThanOrEqual(long ? 10 : 6);
      if (long)
        console.log(
          `${SCENARIOS} scenarios, ${stepCount} steps, queue calls:`,
          Object.fromEntries(queueCalls),
        );
      // Callers went into the queues and were answered; 20 scenarios or more saw every stage of a queue
      // call (a replay of one seed may have had no queue call at all).
      const stages =
        SCENARIOS >= 20 ? QUEUE_CALL_EVENTS : (["QueueCallerJoin", "AgentCalled", "AgentConnect"] as const);
      if (SCENARIOS >= 4) expect(stages.filter((name) => (queueCalls.get(name) ?? 0) === 0)).toEqual([]);
    },
    long ? 24 * 3600_000 : 50_000,
  );
});
