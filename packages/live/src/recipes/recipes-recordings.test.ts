import type { AmiClient } from "@amikit/client";
import { until } from "@amikit/test-support";
import { BehaviorSubject, from, type Observable } from "rxjs";
import { describe, expect, it } from "vitest";
import { entityStream } from "../entity-stream.ts";
import { EMPTY_STATE, type LiveState } from "../model/state.ts";
import { reduce } from "../reducers/reduce.ts";
import { buildSnapshot } from "../sync/build-snapshot.ts";
import { replaySteps } from "../test-support/replay-states.ts";
import { listItems, transcriptEvents } from "../test-support/transcript-events.ts";
import { queueBoard$ } from "./queue-board.ts";
import { type RecordingStep, recordCall } from "./record-call.ts";
import { type ScreenPop, screenPop$ } from "./screen-pop.ts";

/** The states after each event of a recording, as `state$` would emit them. */
const states$ = (name: string): Observable<LiveState> => from(replaySteps(name).map(({ state }) => state));

/**
 * The states of queue-call.jsonl from the queues its first `QueueStatus` answer describes (the members
 * app_queue had loaded), as the live state's first sync would start.
 */
function queueCallStates(now = 0): LiveState[] {
  let state: LiveState = {
    ...EMPTY_STATE,
    queues: buildSnapshot({ queues: listItems("queue-call", "qs-0") }, now).queues,
  };
  return transcriptEvents("queue-call").map((event) => {
    state = reduce(state, event, { now });
    return state;
  });
}

function pops(name: string, options: Parameters<typeof screenPop$>[1] = {}): ScreenPop[] {
  const seen: ScreenPop[] = [];
  const state$ = name === "queue-call" ? from(queueCallStates()) : states$(name);
  screenPop$({ state$ }, options).subscribe((pop) => seen.push(pop));
  return seen;
}

describe("screenPop$ on the queue-call recording", () => {
  it("pops each agent rung by Queue(), with the caller, the queue, the member and the Linkedid", () => {
    const seen = pops("queue-call");
    expect(seen.map((pop) => `${pop.queue}:${pop.ringing.endpoint}`)).toEqual([
      "support:Local/agent2@agents",
      "support:Local/agent1@agents",
      "sales:Local/agent3@agents",
      "sales:Local/agent3@agents",
    ]);
    expect(seen[0]).toMatchObject({
      linkedid: "1796247778.10",
      ringing: { uniqueid: "1796247778.12", channel: "Local/agent2@agents-00000006;1" },
      agent: { interface: "Local/agent2@agents/n", name: "Agent Two" },
      caller: { number: "5001", name: "Queue Caller", uniqueid: "1796247778.11" },
      direction: "internal",
    });
    expect(seen[2]).toMatchObject({ linkedid: "1796247785.16", caller: { number: "5002" } });
  });

  it("classifies the direction by the caller's context and by the trunks named", () => {
    expect(pops("queue-call", { inboundContexts: ["test"] }).map((pop) => pop.direction)).toEqual([
      "inbound",
      "inbound",
      "inbound",
      "inbound",
    ]);
    const outbound = pops("queue-call", { trunks: ["Local/agent3@agents"] }).map((pop) => pop.direction);
    expect(outbound).toEqual(["internal", "internal", "outbound", "outbound"]);
    expect(pops("queue-call", { outboundContexts: ["test"] })[0]?.direction).toBe("outbound");
  });

  it("does not pop dials already under way when it subscribes, nor an Originate's own dial", () => {
    const steps = replaySteps("queue-call");
    const afterFirstRing = steps.findIndex(({ event }) => event.Event === "AgentCalled");
    const seen: ScreenPop[] = [];
    screenPop$({ state$: from(steps.slice(afterFirstRing + 1).map(({ state }) => state)) }).subscribe((pop) =>
      seen.push(pop),
    );
    expect(seen.map((pop) => pop.ringing.endpoint)).toEqual([
      "Local/agent1@agents",
      "Local/agent3@agents",
      "Local/agent3@agents",
    ]);
  });
});

describe("queueBoard$ on the queue-call recording", () => {
  it("shows the caller waiting and for how long, then the agent in the call, then the completed call", () => {
    const steps = replaySteps("queue-call", { now: 1_000 });
    const board = (match: (event: (typeof steps)[number]["event"]) => boolean) => {
      const index = steps.findIndex(({ event }) => match(event));
      const state = steps[index]?.state ?? EMPTY_STATE;
      let rows: ReadonlyMap<string, ReturnType<typeof Object>> | undefined;
      queueBoard$({ queues$: from([state.queues]) }, { now: () => 4_000 }).subscribe((value) => {
        rows = value;
      });
      return rows;
    };
    const joined = board((event) => event.Event === "QueueCallerJoin")?.get("support");
    expect(joined).toMatchObject({
      queue: "support",
      waiting: 1,
      longestWaitingSince: 1_000,
      longestWait: 3_000,
    });
    const talking = board((event) => event.Event === "QueueMemberStatus" && event.InCall === "1")?.get(
      "support",
    );
    expect(talking).toMatchObject({ waiting: 0, longestWait: 0 });
    expect(talking?.agents).toContainEqual(
      expect.objectContaining({ interface: "Local/agent2@agents/n", name: "Agent Two", state: "inCall" }),
    );
    const done = board((event) => event.Event === "AgentComplete")?.get("support");
    expect(done?.serviceLevel).toMatchObject({ completed: 1, abandoned: 0 });
    const paused = board((event) => event.Event === "QueueMemberPause" && event.Paused === "1")?.get(
      "support",
    );
    const agent9 = paused?.agents.find(
      (agent: { interface: string }) => agent.interface === "Local/agent9@agents/n",
    );
    expect(agent9?.state).toBe("paused");
    expect(paused?.agentsByState.paused).toBe(1);
  });
});

/**
 * Runs `recordCall` on the states of the recording `name` (the live state after each event), with a
 * client whose actions succeed unless `fails` names them; returns what it sent and emitted.
 */
async function recordReplay(name: string, linkedid: string, fails: readonly string[] = []) {
  const state$ = new BehaviorSubject<LiveState>(EMPTY_STATE);
  const pbx = {
    call$: (id: string) => entityStream(state$, (state) => state.calls.get(id)),
    snapshot: () => state$.value,
  };
  const sent: string[] = [];
  const client = {
    action: async (action: string, params: Record<string, string>) => {
      sent.push(`${action} ${params.Channel} ${params.File ?? ""}`.trim());
      if (fails.includes(action)) throw new Error(`${action} failed`);
      return {};
    },
  } as unknown as Pick<AmiClient, "action">;
  const recorded: RecordingStep[] = [];
  let completed = false;
  recordCall(client, pbx, linkedid, { file: (segment) => `${segment}.wav` }).subscribe({
    next: (step) => recorded.push(step),
    complete: () => {
      completed = true;
    },
  });
  for (const { state } of replaySteps(name)) state$.next(state);
  await until(() => completed, "recordCall completes");
  return { sent, recorded };
}

describe("recordCall on the recorded transfers", () => {
  it("blind: MixMonitor on the first channel talking in a bridge, StopMixMonitor at the transfer (the transferer is still up), complete at the end", async () => {
    const { sent, recorded } = await recordReplay("blind-transfer", "1796247801.32");
    expect(sent).toEqual([
      "MixMonitor Local/xfer@test-00000010;2 1.wav",
      "StopMixMonitor Local/xfer@test-00000010;2",
    ]);
    expect(recorded.map((step) => [step.action, step.segment, step.error])).toEqual([
      ["MixMonitor", 1, undefined],
      ["StopMixMonitor", 1, undefined],
    ]);
  });

  it("attended: the first conversation, the consultation, then the transferred parties, one segment each", async () => {
    const { sent } = await recordReplay("attended-transfer", "1796247805.36");
    const transferer = "Local/xfer@test-00000012;2";
    const transferee = "Local/longtalk@test-00000013;1";
    expect(sent).toEqual([
      `MixMonitor ${transferer} 1.wav`, // the first conversation
      `StopMixMonitor ${transferer}`, // the transferer leaves it to consult
      `MixMonitor ${transferer} 2.wav`, // the consultation with 600
      `StopMixMonitor ${transferer}`, // AttendedTransfer
      `MixMonitor ${transferee} 3.wav`, // the transferee and 600, bridged by the transfer
      `StopMixMonitor ${transferee}`, // 600 hangs up: the transferee leaves the bridge
    ]);
  });

  it("an action Asterisk refuses is reported with its message, and the following goes on", async () => {
    const { recorded } = await recordReplay("attended-transfer", "1796247805.36", ["MixMonitor"]);
    expect(recorded.map((step) => `${step.action} ${step.segment} ${step.error ?? "ok"}`)).toEqual([
      "MixMonitor 1 MixMonitor failed",
      "StopMixMonitor 1 ok",
      "MixMonitor 2 MixMonitor failed",
      "StopMixMonitor 2 ok",
      "MixMonitor 3 MixMonitor failed",
      "StopMixMonitor 3 ok",
    ]);
  });
});
