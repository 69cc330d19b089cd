/**
 * Seeded random scenarios on the fake Asterisk for the drift test: each step does one thing a PBX sees
 * (a call starts — some into a queue —, a channel is hung up, a transfer, hold, a conference join, a queue
 * member change, a device state, or simply time passing so calls ring, answer, bridge, optimise, wait in a
 * queue and end at every stage).
 */
import type { AmiClient } from "@amikit/client";
import type { CallSimulator, FakeAsterisk, FakeAsteriskOptions } from "@amikit/testing";

/** A small seeded generator (mulberry32), so a failing seed replays the same scenario. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = [string, string?][];

/**
 * The fake's options for the scenarios: a dialplan with two-party, `/n`, conference, transfer and queue
 * targets, the agents the queues ring, and two queues (ringall and rrmemory).
 */
export const DRIFT_OPTIONS: FakeAsteriskOptions = {
  clock: "manual",
  dialplan: {
    drift: {
      dial: [["Dial", "Local/talk@drift,10,T"]],
      dialn: [["Dial", "Local/talk@drift/n,10,T"]],
      talk: [["Answer"], ["Wait", "10"], ["Hangup"]],
      long: [["Answer"], ["Wait", "20"], ["Hangup"]],
      quick: [["Answer"], ["Hangup"]],
      conf: [["Answer"], ["ConfBridge", "room1"]],
      conf2: [["Answer"], ["ConfBridge", "room2"]],
      "600": [["Answer"], ["Wait", "6"], ["Hangup"]],
      // Callers into the queues: ringall with ringback (`r`), rrmemory, and ringall giving up after 6 s.
      queue: [["Queue", "support,r"], ["Hangup"]],
      queue2: [["Queue", "sales"], ["Hangup"]],
      queuet: [["Queue", "support,,,,6"], ["Hangup"]],
    } satisfies Record<string, Step>,
    // The queues' members: some answer at once, one rings first, two ring until the queue gives up on them.
    agents: {
      agent1: [["Answer"], ["Wait", "8"], ["Hangup"]],
      agent2: [["Ringing"], ["Wait", "2"], ["Answer"], ["Wait", "6"], ["Hangup"]],
      agent3: [["Ringing"], ["Wait", "30"], ["Hangup"]],
      agent4: [["Answer"], ["Wait", "3"], ["Hangup"]],
      agent5: [["Answer"], ["Wait", "4"], ["Hangup"]],
      agent6: [["Ringing"], ["Wait", "30"], ["Hangup"]],
    } satisfies Record<string, Step>,
  },
  queues: {
    support: {
      strategy: "ringall",
      timeout: 4,
      retry: 1,
      members: [{ interface: "Local/agent1@agents/n", name: "Agent One" }],
    },
    sales: {
      strategy: "rrmemory",
      timeout: 3,
      retry: 1,
      members: [
        { interface: "Local/agent5@agents/n", name: "Agent Five" },
        { interface: "Local/agent6@agents/n", name: "Agent Six" },
      ],
    },
  },
};

/** The extensions an Originate step calls, the more frequent listed more often (two in five go into a queue). */
const ORIGINATED = [
  ...["dial", "dial", "dial", "dialn", "dialn", "conf", "conf2", "long", "quick"],
  ...["queue", "queue", "queue", "queue2", "queue2", "queuet"],
];

/** What one scenario step drives. */
export interface DriftWorld {
  readonly fake: FakeAsterisk;
  /** The client that acts (not the tracked one). */
  readonly actor: AmiClient;
  /** With the call simulator: its PJSIP calls, hold and unhold replace the dialplan's Local calls. */
  readonly simulator: CallSimulator | undefined;
  readonly random: () => number;
}

const pick = <T>(random: () => number, items: readonly T[]): T | undefined =>
  items.length === 0 ? undefined : items[Math.floor(random() * items.length)];

/** Moves the manual clock on in 50 ms steps, letting the fake's flows run between them. */
export async function advance(fake: FakeAsterisk, seconds: number): Promise<string> {
  for (let left = seconds; left > 1e-9; left -= 0.05) {
    await fake.advanceTime(Math.min(0.05, left));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return "ok";
}

/** An action whose refusal is part of the game (a channel already gone, a transfer of a lone channel). */
const attempt = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return `refused: ${error instanceof Error ? error.message : String(error)}`;
  }
};

/** Whether scenarios play Atxfer: yes unless `AMIKIT_DRIFT_ATXFER=0`. */
const atxfer = process.env.AMIKIT_DRIFT_ATXFER !== "0";

/** Runs one random step; returns what it did, for the failure message. */
export async function randomStep(world: DriftWorld): Promise<string> {
  const { fake, actor, simulator, random } = world;
  const roll = random();
  const channels = fake.channels.map((channel) => channel.name);
  const inBridge = new Set(fake.bridges.flatMap((bridge) => bridge.channelIds));
  const bridged = fake.channels.filter((c) => inBridge.has(c.uniqueid)).map((c) => c.name);
  if (roll < 0.22) {
    const exten = pick(random, ORIGINATED) ?? "dial";
    const wait = String(1 + Math.floor(random() * 15));
    const outcome = await attempt(
      actor.action("Originate", {
        Channel: `Local/${exten}@drift`,
        Application: "Wait",
        Data: wait,
        Async: "true",
      }),
    );
    return `originate Local/${exten}@drift Wait(${wait}): ${outcome}`;
  }
  if (roll < 0.3) {
    if (simulator === undefined) return `advance 0.5s: ${await advance(fake, 0.5)}`;
    if (random() < 0.35) {
      // The simulator's queue caller: a Local call into the dialplan's Queue(), hung up when its patience
      // (on the fake's clock) ends — so the simulator's seeds have queue calls too.
      const destination = random() < 0.6 ? "queue@drift" : "queue2@drift";
      const patienceSeconds = 2 + Math.floor(random() * 15);
      const caller = simulator.placeQueueCall({ destination, patienceSeconds });
      return `simulated queue call ${caller.name} to ${destination} (patience ${patienceSeconds}s)`;
    }
    const outcome = pick(random, ["answered", "answered", "busy", "no-answer"] as const);
    const caller = simulator.placeCall(outcome === undefined ? {} : { outcome });
    return `simulated call ${caller.name} (${outcome})`;
  }
  if (roll < 0.4) {
    const name = pick(random, channels);
    if (name === undefined) return "hangup: no channel";
    return `hangup ${name}: ${await attempt(actor.action("Hangup", { Channel: name }))}`;
  }
  if (roll < 0.46) {
    const name = pick(random, bridged);
    if (name === undefined) return "blind transfer: no bridged channel";
    // Now and then into a queue: the transferred party becomes a caller waiting in `support`.
    const exten = random() < 0.3 ? "queue" : "600";
    return `blind transfer ${name} to ${exten}: ${await attempt(
      actor.action("BlindTransfer", { Channel: name, Exten: exten, Context: "drift" }),
    )}`;
  }
  if (roll < 0.52 && !atxfer) return `attended transfer: left out: ${await advance(fake, 0.3)}`;
  if (roll < 0.52) {
    // Mostly the caller of a `/n` Dial (the transfer the fake models); else any bridged channel (a callee, a
    // conference member), which Asterisk accepts too without a transfer following.
    const dialn = bridged.filter((channel) => channel.startsWith("Local/dialn@") && channel.endsWith(";2"));
    const name = pick(random, dialn.length > 0 && random() < 0.75 ? dialn : bridged);
    if (name === undefined) return "attended transfer: no bridged channel";
    return `attended transfer ${name}: ${await attempt(
      actor.action("Atxfer", { Channel: name, Exten: "600", Context: "drift" }),
    )}`;
  }
  if (roll < 0.58) {
    const name = pick(random, channels);
    if (simulator === undefined) return `advance 0.2s: ${await advance(fake, 0.2)}`;
    if (name === undefined) return "hold: no channel";
    const on = random() < 0.6;
    return `${on ? "hold" : "unhold"} ${name}: ${on ? simulator.hold(name) : simulator.unhold(name)}`;
  }
  if (roll < 0.66) {
    const queue = random() < 0.75 ? "support" : "sales";
    const kind = pick(random, ["QueueAdd", "QueueRemove", "QueuePause", "QueuePenalty"]) ?? "QueueAdd";
    // Agents 2–4 come and go; a pause or penalty may also hit the static members (1 in support, 5 and 6 in sales).
    const changing = kind === "QueueAdd" || kind === "QueueRemove";
    const agent = `Local/agent${changing ? 2 + Math.floor(random() * 3) : 1 + Math.floor(random() * 6)}@agents/n`;
    const fields: Record<string, string> = { Queue: queue, Interface: agent };
    if (kind === "QueueAdd") fields.MemberName = `Agent ${agent.slice(11, 12)}`;
    if (kind === "QueuePause") {
      fields.Paused = random() < 0.6 ? "true" : "false";
      fields.Reason = "break";
    }
    if (kind === "QueuePenalty") fields.Penalty = String(Math.floor(random() * 4));
    return `${kind} ${queue} ${agent}: ${await attempt(actor.action(kind, fields))}`;
  }
  if (roll < 0.7) {
    const device = `Custom:desk${Math.floor(random() * 3)}`;
    const value = pick(random, ["INUSE", "NOT_INUSE", "RINGING", "UNAVAILABLE", "ONHOLD"]) ?? "INUSE";
    return `device ${device}=${value}: ${await attempt(
      actor.action("Setvar", { Variable: `DEVICE_STATE(${device})`, Value: value }),
    )}`;
  }
  const seconds = Math.round((0.05 + random() * 2.5) * 20) / 20;
  await advance(fake, seconds);
  return `advance ${seconds}s`;
}
