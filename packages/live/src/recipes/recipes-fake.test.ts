import type { AmiClient } from "@amikit/client";
import { until } from "@amikit/test-support";
import type { FakeAsterisk, FakeAsteriskOptions } from "@amikit/testing";
import { describe, expect, it } from "vitest";
import { type LivePbx, trackPbx } from "../live.ts";
import type { LiveCall } from "../model/call.ts";
import type { LiveOptions } from "../options.ts";
import { clientOf, manualFake, onCleanup } from "../test-support/fake-pbx.ts";
import { clickToCall } from "./click-to-call.ts";
import { type QueueBoardRow, queueBoard$ } from "./queue-board.ts";
import { type RecordingStep, recordCall } from "./record-call.ts";
import { type ScreenPop, screenPop$ } from "./screen-pop.ts";

/** The fake's dialplan for a call that dials another (xfer → longtalk) and a transfer target that dials a third. */
const DIALPLAN: FakeAsteriskOptions["dialplan"] = {
  test: {
    xfer: [["Dial", "Local/longtalk@test,10,T"]],
    longtalk: [["Answer"], ["Wait", "30"], ["Hangup"]],
    agent2: [["Dial", "Local/talk@test,10"]],
    talk: [["Answer"], ["Wait", "3"], ["Hangup"]],
  },
};

/** A connected client of `fake` and the live state it tracks, synced. */
async function tracked(
  fake: FakeAsterisk,
  options: LiveOptions = {},
): Promise<{ client: AmiClient; pbx: LivePbx }> {
  const client = clientOf(fake);
  const pbx = trackPbx(client, options);
  onCleanup(() => pbx.close());
  await client.connect();
  await pbx.ready;
  return { client, pbx };
}

/** Moves the fake's clock on 0.5 s at a time until `predicate` holds (at most `seconds`). */
async function advanceUntil(fake: FakeAsterisk, predicate: () => boolean, what: string, seconds = 40) {
  for (let step = 0; step < seconds * 2 && !predicate(); step += 1) {
    await until(() => predicate(), what, 20).catch(() => undefined);
    await fake.advanceTime(0.5);
  }
  await until(predicate, what);
}

describe("recipes against the fake Asterisk", () => {
  it("clickToCall: call$ shows the call under the chosen Uniqueids before OriginateResponse, and completes at its end", async () => {
    const fake = manualFake();
    const { client, pbx } = await tracked(fake);
    const order: string[] = [];
    const seen: LiveCall[] = [];
    let ended = false;
    const click = clickToCall(
      client,
      pbx,
      { Channel: "Local/wait@test", Application: "Wait", Data: "2", OtherChannelId: "c2c-other" },
      { newId: () => "c2c-1" },
    );
    expect(click).toMatchObject({ linkedid: "c2c-1", channelId: "c2c-1", otherChannelId: "c2c-other" });
    click.call$.subscribe({
      next: (call) => {
        if (seen.length === 0) order.push("call");
        seen.push(call);
      },
      complete: () => {
        ended = true;
      },
    });
    void click.answered.then(() => order.push("answered"));
    await until(() => seen.some((call) => call.channels.length === 2), "both channels");
    expect(order[0]).toBe("call");
    expect(seen[0]?.channels[0]).toBe("c2c-1");
    expect(seen.find((call) => call.channels.length === 2)?.channels).toEqual(["c2c-1", "c2c-other"]);
    expect(pbx.snapshot().channels.get("c2c-other")?.name).toMatch(/^Local\/wait@test-[0-9a-f]+;2$/);
    await advanceUntil(fake, () => order.length === 2, "OriginateResponse");
    expect(order).toEqual(["call", "answered"]);
    expect(String((await click.answered).Uniqueid)).toBe("c2c-1");
    await advanceUntil(fake, () => ended, "the call's end");
    expect(pbx.snapshot().calls.has("c2c-1")).toBe(false);
  });

  it("clickToCall: an Originate that fails before any channel appears completes call$ and rejects answered", async () => {
    const fake = manualFake();
    const { client, pbx } = await tracked(fake);
    const click = clickToCall(client, pbx, { Channel: "Local/nowhere@test", Application: "Wait", Data: "1" });
    expect(click.linkedid).toMatch(/^[0-9a-f-]{36}$/);
    const emitted: LiveCall[] = [];
    let ended = false;
    click.call$.subscribe({ next: (call) => emitted.push(call), complete: () => (ended = true) });
    await expect(click.answered).rejects.toThrow();
    await until(() => ended, "call$ completes");
    expect(emitted).toEqual([]);
  });

  it("screenPop$: the dialled phone, the caller and the call's Linkedid at DialBegin", async () => {
    const fake = manualFake({ dialplan: DIALPLAN });
    const { client, pbx } = await tracked(fake);
    const pops: ScreenPop[] = [];
    screenPop$(pbx, { trunks: ["Local/longtalk@test"] }).subscribe((pop) => pops.push(pop));
    const click = clickToCall(
      client,
      pbx,
      { Channel: "Local/xfer@test", Application: "Wait", Data: "5", CallerID: '"Xfer" <4001>' },
      { newId: () => "pop-1" },
    );
    await advanceUntil(fake, () => pops.length > 0, "a pop");
    expect(pops).toHaveLength(1);
    expect(pops[0]).toMatchObject({
      linkedid: click.linkedid,
      ringing: { endpoint: "Local/longtalk@test" },
      caller: { number: "4001", name: "Xfer", uniqueid: "pop-1;2" },
      queue: undefined,
      agent: undefined,
      direction: "outbound",
    });
    expect(pbx.snapshot().channels.get(pops[0]?.ringing.uniqueid ?? "")?.linkedid).toBe("pop-1");
  });

  it("recordCall: follows the call through the fake's blind transfer, one recording per conversation", async () => {
    const fake = manualFake({ dialplan: DIALPLAN });
    const monitor: string[] = [];
    fake.handle("MixMonitor", (request) => {
      monitor.push(`MixMonitor ${request.get("Channel")} ${request.get("File")}`);
      return { Response: "Success" };
    });
    fake.handle("StopMixMonitor", (request) => {
      monitor.push(`StopMixMonitor ${request.get("Channel")}`);
      return { Response: "Success", Message: "Stopped monitoring channel" };
    });
    const { client, pbx } = await tracked(fake);
    const click = clickToCall(
      client,
      pbx,
      { Channel: "Local/xfer@test", Application: "Wait", Data: "30" },
      { newId: () => "rec-1" },
    );
    const steps: RecordingStep[] = [];
    let done = false;
    recordCall(client, pbx, click.linkedid, { file: (segment) => `rec-1-${segment}.wav` }).subscribe({
      next: (step) => steps.push(step),
      complete: () => (done = true),
    });
    await advanceUntil(fake, () => steps.length === 1, "the first recording");
    const transferer = pbx.snapshot().channels.get("rec-1;2")?.name ?? "";
    expect(steps[0]).toMatchObject({
      action: "MixMonitor",
      segment: 1,
      uniqueid: "rec-1;2",
      error: undefined,
    });
    await client.action("BlindTransfer", { Channel: transferer, Context: "test", Exten: "agent2" });
    await advanceUntil(fake, () => steps.length === 3, "the second recording");
    expect(steps.map((step) => `${step.action} ${step.segment}`)).toEqual([
      "MixMonitor 1",
      "StopMixMonitor 1",
      "MixMonitor 2",
    ]);
    expect(pbx.snapshot().calls.get("rec-1")?.transfers).toMatchObject([
      { kind: "blind", result: "Success" },
    ]);
    const transferee = steps[2]?.channel ?? "";
    expect(transferee).toMatch(/^Local\/longtalk@test-[0-9a-f]+;1$/);
    expect(monitor).toEqual([
      `MixMonitor ${transferer} rec-1-1.wav`,
      `StopMixMonitor ${transferer}`,
      `MixMonitor ${transferee} rec-1-2.wav`,
    ]);
    await advanceUntil(fake, () => done, "the call's end");
    // The third party hangs up: the transferee leaves the bridge while still up, so its segment is stopped.
    expect(steps.slice(3).map((step) => `${step.action} ${step.segment} ${step.channel}`)).toEqual([
      `StopMixMonitor 2 ${transferee}`,
    ]);
    expect(monitor).toHaveLength(4);
  });

  it("queueBoard$: members, pauses with their reason and new members show up with no action sent after the first sync", async () => {
    const fake = manualFake({
      queues: {
        support: { members: [{ interface: "Local/agent1@agents/n", name: "Agent One" }], servicelevel: 60 },
        sales: {
          strategy: "rrmemory",
          members: [{ interface: "Local/agent3@agents/n", name: "Agent Three" }],
        },
      },
    });
    const { pbx } = await tracked(fake, { domains: ["queues"] });
    const board = fake.sessions[0];
    const sentAtSync = board?.received.length ?? -1;
    expect(sentAtSync).toBeGreaterThan(0);
    let rows: ReadonlyMap<string, QueueBoardRow> = new Map();
    queueBoard$(pbx).subscribe((value) => {
      rows = value;
    });
    expect([...rows.keys()].sort()).toEqual(["sales", "support"]);
    expect(rows.get("support")).toMatchObject({ waiting: 0, longestWait: 0, serviceLevel: { seconds: 60 } });
    const actor = clientOf(fake);
    await actor.connect();
    await actor.action("QueueAdd", {
      Queue: "support",
      Interface: "Local/agent9@agents/n",
      MemberName: "Temp",
    });
    await actor.action("QueuePause", {
      Queue: "support",
      Interface: "Local/agent1@agents/n",
      Paused: "true",
      Reason: "lunch break",
    });
    await until(() => rows.get("support")?.agentsByState.paused === 1, "the pause");
    expect(rows.get("support")?.agents).toContainEqual(
      expect.objectContaining({
        interface: "Local/agent1@agents/n",
        state: "paused",
        pausedReason: "lunch break",
      }),
    );
    expect(
      rows
        .get("support")
        ?.agents.map((agent) => agent.name)
        .sort(),
    ).toEqual(["Agent One", "Temp"]);
    await fake.advanceTime(5);
    expect(board?.received.length).toBe(sentAtSync);
    expect(fake.sessions[1]?.received.length).toBeGreaterThan(2);
  });
});
