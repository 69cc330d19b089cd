/** The queues of `amikit simulate`: two queues of Local agents, and the dialplan that feeds and answers them. */
import type { FakeDialplan, FakeQueueOptions, QueueTrafficOptions } from "@amikit/testing";

/** An agent's extension in context `agents`: rings `ringSeconds`, answers, talks `talkSeconds`, hangs up. */
function agent(ringSeconds: number, talkSeconds: number) {
  return [
    ["Ringing"],
    ["Wait", String(ringSeconds)],
    ["Answer"],
    ["Wait", String(talkSeconds)],
    ["Hangup"],
  ] as const;
}

/**
 * `support` (ringall, three agents) and `sales` (rrmemory, two agents; Eve lets it ring 7 s, so a
 * waiting caller sees her ringing a while). Members are `Local/<agent>@agents/n`, as in the recorded
 * server's queues.conf.
 */
export const SIMULATED_QUEUES: Readonly<Record<string, FakeQueueOptions>> = {
  support: {
    strategy: "ringall",
    servicelevel: 20,
    timeout: 10,
    retry: 2,
    ringinuse: false,
    members: [
      { interface: "Local/agent1@agents/n", name: "Ann Lee" },
      { interface: "Local/agent2@agents/n", name: "Bo Chen" },
      { interface: "Local/agent3@agents/n", name: "Cy Diaz" },
    ],
  },
  sales: {
    strategy: "rrmemory",
    servicelevel: 30,
    timeout: 10,
    retry: 2,
    ringinuse: false,
    members: [
      { interface: "Local/agent4@agents/n", name: "Dan Evans" },
      { interface: "Local/agent5@agents/n", name: "Eve Fox" },
    ],
  },
};

/** `queues`: the extensions callers are sent to; `agents`: how each agent answers. */
export const SIMULATED_QUEUE_DIALPLAN: FakeDialplan = {
  queues: {
    support: [["Queue", "support,r"], ["Hangup"]],
    sales: [["Queue", "sales,r"], ["Hangup"]],
  },
  agents: {
    agent1: agent(2, 12),
    agent2: agent(4, 16),
    agent3: agent(3, 8),
    agent4: agent(3, 8),
    agent5: agent(7, 6),
  },
};

/**
 * The queue traffic of `amikit simulate`: 1 call in 4 goes to a queue (support twice as often as sales),
 * callers stay 15–60 s, and when calls are generated (`callsPerSecond` > 0) a member is paused or
 * unpaused about every 20 s.
 */
export function simulatedQueueTraffic(callsPerSecond: number): QueueTrafficOptions {
  return {
    destinations: ["support@queues", "support@queues", "sales@queues"],
    share: 0.25,
    patienceSeconds: [15, 60],
    pauseEveryMs: callsPerSecond > 0 ? 20_000 : 0,
    pauseReasons: ["lunch", "break", "training", "meeting"],
  };
}
