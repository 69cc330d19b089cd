import type { AmiEvent } from "@amikit/client";
import { until } from "@amikit/test-support";
import type { Observable } from "rxjs";
import { describe, expect, it } from "vitest";
import type { LiveChange } from "./changes.ts";
import { diffStates } from "./changes.ts";
import { trackPbx } from "./live.ts";
import { EMPTY_STATE, type LiveState } from "./model/state.ts";
import { reduce } from "./reducers/reduce.ts";
import { onCleanup } from "./test-support/fake-pbx.ts";
import { stubClient } from "./test-support/stub-client.ts";
import { transcriptEvents } from "./test-support/transcript-events.ts";

const channel = (event: string, uniqueid: string, state = "Up"): AmiEvent => ({
  Event: event,
  Channel: `PJSIP/${uniqueid}`,
  Uniqueid: uniqueid,
  Linkedid: uniqueid,
  ChannelStateDesc: state,
});
const listed = (uniqueid: string): AmiEvent => ({
  ...channel("CoreShowChannel", uniqueid),
  Duration: "00:00:05",
});

function tracked() {
  const stub = stubClient();
  const pbx = trackPbx(stub.client, { domains: ["channels"], now: () => 100_000 });
  onCleanup(() => pbx.close());
  return { ...stub, pbx };
}

describe("the sync discipline", () => {
  it("events that arrive while the snapshot is under way are buffered and applied after it", async () => {
    const { pbx, events$, state$, lists } = tracked();
    state$.next({ status: "connected" });
    await until(() => lists.length === 1, "CoreShowChannels");
    expect(lists[0]?.action).toBe("CoreShowChannels");
    events$.next(channel("Newchannel", "new.1", "Ring")); // created after the list was taken
    events$.next(channel("Hangup", "old.1")); // listed below, but hung up meanwhile
    await Promise.resolve();
    expect(pbx.snapshot().channels.size).toBe(0); // buffered, not applied yet
    lists[0]?.answer([listed("old.1"), listed("old.2")]);
    await pbx.ready;
    expect([...pbx.snapshot().channels.keys()].sort()).toEqual(["new.1", "old.2"]);
    expect(pbx.snapshot().channels.get("old.2")?.createdAt).toBe(95_000); // now minus Duration
  });

  it("events delivered together make one state emission (one batch), with one change per entity", async () => {
    const { pbx, events$, state$, lists } = tracked();
    state$.next({ status: "connected" });
    await until(() => lists.length === 1, "CoreShowChannels");
    lists[0]?.answer([]);
    await pbx.ready;
    const emitted: number[] = [];
    pbx.channels$.subscribe((channels) => emitted.push(channels.size));
    const changes: LiveChange[] = [];
    pbx.changes$.subscribe((change) => changes.push(change));
    events$.next(channel("Newchannel", "a", "Ring"));
    events$.next(channel("Newchannel", "b", "Ring"));
    events$.next(channel("Newstate", "a", "Up"));
    await until(() => emitted.length === 2, "the batch");
    expect(emitted).toEqual([0, 2]);
    expect(changes.map((c) => `${c.kind} ${c.collection} ${c.key} ${c.why}`)).toEqual([
      "added channels a Newchannel",
      "added calls a Newchannel",
      "added channels b Newchannel",
      "added calls b Newchannel",
      "updated channels a Newstate",
      "updated calls a Newstate",
    ]);
  });

  it("a connection lost during the snapshot abandons it; the next connection syncs from scratch", async () => {
    const { pbx, events$, state$, lists } = tracked();
    state$.next({ status: "connected" });
    await until(() => lists.length === 1, "the first CoreShowChannels");
    events$.next(channel("Newchannel", "stale.1")); // from the lost connection
    state$.next({ status: "reconnecting", attempt: 1 });
    expect(pbx.status.state).toBe("waiting");
    state$.next({ status: "connected" });
    await until(() => lists.length === 2, "the second CoreShowChannels");
    lists[0]?.answer([listed("stale.1")]); // the late answer of the abandoned sync is ignored
    lists[1]?.answer([listed("fresh.1")]);
    await pbx.ready;
    expect([...pbx.snapshot().channels.keys()]).toEqual(["fresh.1"]);
    expect(pbx.status).toMatchObject({ state: "synced", syncs: 1 });
  });

  it("close() completes every stream and stops using the client", async () => {
    const { pbx, events$, state$, lists } = tracked();
    let completed = 0;
    const streams: Observable<unknown>[] = [pbx.state$, pbx.channels$, pbx.changes$, pbx.status$];
    for (const stream of streams) stream.subscribe({ complete: () => completed++ });
    pbx.close();
    expect(completed).toBe(4);
    await expect(pbx.ready).rejects.toThrow("closed before its first sync");
    state$.next({ status: "connected" });
    events$.next(channel("Newchannel", "x"));
    await Promise.resolve();
    expect(lists).toEqual([]);
    expect(pbx.snapshot().channels.size).toBe(0);
  });

  it("queue counters: an event that arrived before the QueueStatus answer is not counted again, one after it is", async () => {
    const stub = stubClient();
    const pbx = trackPbx(stub.client, { domains: ["channels", "queues"] });
    onCleanup(() => pbx.close());
    const { events$, state$, lists } = stub;
    const complete = (uniqueid: string): AmiEvent => ({
      Event: "AgentComplete",
      Queue: "q",
      Uniqueid: uniqueid,
    });
    state$.next({ status: "connected" });
    await until(() => lists.length === 2, "CoreShowChannels and QueueStatus");
    const list = (action: string) => lists.find((pending) => pending.action === action);
    events$.next(complete("before.1")); // QueueParams below already counts it
    await Promise.resolve();
    list("QueueStatus")?.answer([{ Event: "QueueParams", Queue: "q", Completed: "1", Strategy: "ringall" }]);
    await new Promise((resolve) => setTimeout(resolve, 1));
    events$.next(complete("after.1")); // happened after the answer: counts
    await Promise.resolve();
    list("CoreShowChannels")?.answer([]);
    await pbx.ready;
    expect(pbx.snapshot().queues.get("q")?.stats.completed).toBe(2);
  });

  it("in batches, the state and changes$ are exactly what pure reduce() and diffStates() give event by event", async () => {
    const stub = stubClient();
    const pbx = trackPbx(stub.client, { now: () => 0 });
    onCleanup(() => pbx.close());
    stub.state$.next({ status: "connected" });
    await until(() => stub.lists.length >= 4, "the snapshot actions");
    for (const pending of stub.lists) pending.answer([]);
    await pbx.ready;
    const changes: LiveChange[] = [];
    pbx.changes$.subscribe((change) => changes.push(change));
    const events = transcriptEvents("call-burst");
    let expected: LiveState = EMPTY_STATE;
    const expectedChanges: LiveChange[] = [];
    for (const [index, event] of events.entries()) {
      const next = reduce(expected, event, { now: 0 });
      expectedChanges.push(...diffStates(expected, next, String(event.Event)));
      expected = next;
      stub.events$.next(event);
      if (index % 97 === 0) await Promise.resolve(); // batches of various sizes
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(pbx.snapshot()).toEqual(expected);
    const line = (c: LiveChange) => `${c.collection} ${c.kind} ${c.key} ${c.why}`;
    expect(changes.length).toBeGreaterThan(1000);
    expect(changes.map(line)).toEqual(expectedChanges.map(line));
    expect(changes.map((c) => [c.before, c.after])).toEqual(expectedChanges.map((c) => [c.before, c.after]));
  });
});
