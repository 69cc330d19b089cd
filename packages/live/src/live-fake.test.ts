import type { AmiClient } from "@amikit/client";
import { until } from "@amikit/test-support";
import type { FakeAsterisk } from "@amikit/testing";
import { describe, expect, it } from "vitest";
import type { LiveChange } from "./changes.ts";
import { type LivePbx, trackPbx } from "./live.ts";
import type { LiveState } from "./model/state.ts";
import { LIVE_DOMAINS } from "./reducers/domains.ts";
import { buildSnapshot } from "./sync/build-snapshot.ts";
import { coveredDomains, fetchSnapshot } from "./sync/fetch-snapshot.ts";
import { clientOf, manualFake, onCleanup } from "./test-support/fake-pbx.ts";
import { project } from "./test-support/project.ts";

/** Originates Local/echo@test calls whose first channel runs Wait(seconds); resolves with their Linkedids once answered. */
async function calls(
  fake: FakeAsterisk,
  client: AmiClient,
  seconds: number,
  names: readonly string[],
): Promise<string[]> {
  const answered = names.map((name) =>
    client.originate({
      Channel: "Local/echo@test",
      Application: "Wait",
      Data: String(seconds),
      CallerID: `"${name}" <100>`,
    }),
  );
  await fake.advanceTime(1);
  return (await Promise.all(answered)).map((response) => String(response.Uniqueid));
}

/** One such call. */
async function call(fake: FakeAsterisk, client: AmiClient, seconds: number, name: string): Promise<string> {
  const [linkedid = ""] = await calls(fake, client, seconds, [name]);
  return linkedid;
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix} ${i}`);

/** The comparable state of the domains the fake can snapshot, as `state` holds it and a fresh snapshot sees it. */
async function agree(state: LiveState, client: AmiClient) {
  const items = await fetchSnapshot(client, LIVE_DOMAINS);
  const covered = coveredDomains(items, LIVE_DOMAINS);
  expect(covered).toEqual(expect.arrayContaining(["channels", "bridges", "conferences"]));
  const pick = (projected: ReturnType<typeof project>) =>
    Object.fromEntries(
      Object.entries(projected).filter(([name]) => covered.includes(name as never) || name === "calls"),
    );
  expect(pick(project(state))).toEqual(pick(project(buildSnapshot(items, 0))));
}

function track(client: AmiClient): LivePbx {
  const pbx = trackPbx(client);
  onCleanup(() => pbx.close());
  return pbx;
}

describe("trackPbx against the fake Asterisk", () => {
  it("subscribes first, syncs on connect, then follows Originate'd Local channels until they hang up", async () => {
    const fake = manualFake();
    const client = clientOf(fake);
    const pbx = track(client);
    expect(pbx.status.state).toBe("waiting");
    await client.connect();
    await pbx.ready;
    expect(pbx.status).toMatchObject({ state: "synced", syncs: 1 });
    expect(fake.received.map((action) => action.name)).toEqual(
      expect.arrayContaining(["CoreShowChannels", "BridgeList", "QueueStatus", "DeviceStateList"]),
    );
    const caller = await call(fake, client, 3, "Ann");
    await until(() => pbx.snapshot().channels.size === 2, "both Local channels");
    const live = pbx.snapshot();
    expect(live.calls.get(caller)?.channels).toHaveLength(2);
    expect(live.channels.get(caller)).toMatchObject({
      state: "Up",
      callerId: { number: "100", name: "Ann" },
    });
    await agree(live, client);
    await fake.advanceTime(5);
    await until(() => pbx.snapshot().channels.size === 0, "the hangups");
    expect(pbx.snapshot().calls.size).toBe(0);
    await agree(pbx.snapshot(), client);
  });

  it("a call already up when tracking starts comes from the snapshot, reported as added by resync", async () => {
    const fake = manualFake();
    const actor = clientOf(fake);
    await actor.connect();
    const caller = await call(fake, actor, 30, "Bob");
    const client = clientOf(fake);
    const pbx = track(client);
    const changes: LiveChange[] = [];
    pbx.changes$.subscribe((change) => changes.push(change));
    await client.connect();
    await pbx.ready;
    expect(pbx.snapshot().calls.get(caller)?.channels).toHaveLength(2);
    expect(changes.filter((c) => c.collection === "channels")).toHaveLength(2);
    expect(changes.every((c) => c.kind === "added" && c.why === "resync")).toBe(true);
  });

  it("channel$ and call$ follow one entity and complete when it ends", async () => {
    const fake = manualFake();
    const client = clientOf(fake);
    const pbx = track(client);
    await client.connect();
    await pbx.ready;
    const caller = await call(fake, client, 3, "Cid");
    const states: string[] = [];
    let completed = false;
    pbx.call$(caller).subscribe({
      next: (value) => states.push(`${value.channels.length}`),
      complete: () => {
        completed = true;
      },
    });
    expect(states.length).toBeGreaterThan(0);
    await fake.advanceTime(5);
    await until(() => completed, "call$ completes");
    expect(pbx.snapshot().calls.has(caller)).toBe(false);
  });

  it("reconnect: over a hundred changes during an outage are found by the resync, each reported once, and the state equals a fresh snapshot", async () => {
    const fake = manualFake();
    const actor = clientOf(fake);
    await actor.connect();
    const client = clientOf(fake);
    const pbx = track(client);
    await client.connect();
    await pbx.ready;
    const ending = await calls(fake, actor, 3, names("Ends", 15));
    const staying = await calls(fake, actor, 300, names("Stays", 15));
    await until(() => pbx.snapshot().channels.size === 60, "thirty calls");
    const session = fake.openSessions.find((s) => s !== fake.openSessions[0]) ?? fake.openSessions[1];
    expect(session).toBeDefined();

    const changes: LiveChange[] = [];
    pbx.changes$.subscribe((change) => changes.push(change));
    fake.connectionMode = "refuse";
    session?.drop();
    await until(() => pbx.status.state === "waiting", "the live state waits");
    await fake.advanceTime(5); // the "Ends" calls hang up during the outage
    const started = await calls(fake, actor, 300, names("Starts", 40)); // and new calls start
    expect(pbx.snapshot().calls.size).toBe(30); // nothing seen yet
    fake.connectionMode = "accept";
    await until(() => pbx.status.state === "synced" && pbx.status.syncs === 2, "the second sync");

    const state = pbx.snapshot();
    expect([...state.calls.keys()].sort()).toEqual([...staying, ...started].sort());
    await agree(state, actor);
    const keys = changes.map((c) => `${c.collection}:${c.key}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(changes.every((c) => c.why === "resync")).toBe(true);
    const byKind = (collection: string, kind: string) =>
      changes.filter((c) => c.collection === collection && c.kind === kind).map((c) => c.key);
    expect(byKind("calls", "removed").sort()).toEqual([...ending].sort());
    expect(byKind("calls", "added").sort()).toEqual([...started].sort());
    expect(byKind("channels", "removed")).toHaveLength(30);
    expect(byKind("channels", "added")).toHaveLength(80);
    expect(changes.length).toBeGreaterThanOrEqual(165); // 15 + 40 calls, 30 + 80 channels, bridges if any
    // An update by resync is a real difference (here: the application the Originate started, which no
    // event reports), never an unchanged entity reported again.
    for (const change of changes.filter((c) => c.kind === "updated")) {
      expect(change.after, `${change.collection} ${change.key}`).not.toEqual(change.before);
    }
  });

  it("a reconnect with nothing changed meanwhile reports no change and keeps the very same state", async () => {
    const fake = manualFake();
    const actor = clientOf(fake);
    await actor.connect();
    await calls(fake, actor, 300, names("Up", 3));
    const client = clientOf(fake);
    const pbx = track(client);
    await client.connect();
    await pbx.ready;
    const before = pbx.snapshot();
    expect(before.channels.size).toBe(6);
    const changes: LiveChange[] = [];
    pbx.changes$.subscribe((change) => changes.push(change));
    fake.openSessions.find((session) => session !== fake.openSessions[0])?.drop();
    await until(() => pbx.status.state === "synced" && pbx.status.syncs === 2, "the second sync");
    expect(changes).toEqual([]);
    expect(pbx.snapshot()).toBe(before);
  });

  it("queues: members added and paused through the fake's app_queue show up, equal to a fresh QueueStatus", async () => {
    const fake = manualFake({
      queues: {
        support: { members: [{ interface: "Local/agent1@agents/n", name: "Agent One" }], servicelevel: 60 },
        sales: {
          strategy: "rrmemory",
          members: [{ interface: "Local/agent3@agents/n", name: "Slow Agent" }],
        },
      },
    });
    const actor = clientOf(fake);
    await actor.connect();
    const client = clientOf(fake);
    const pbx = track(client);
    await client.connect();
    await pbx.ready;
    expect([...pbx.snapshot().queues.keys()].sort()).toEqual(["sales", "support"]);
    const agent = "Local/agent9@agents/n";
    await actor.action("QueueAdd", {
      Queue: "support",
      Interface: agent,
      MemberName: "Temp Agent",
      Paused: "false",
    });
    await until(() => pbx.snapshot().queues.get("support")?.members[agent] !== undefined, "the new member");
    await actor.action("QueuePause", {
      Queue: "support",
      Interface: agent,
      Paused: "true",
      Reason: "lunch break",
    });
    await until(() => pbx.snapshot().queues.get("support")?.members[agent]?.paused === true, "the pause");
    expect(pbx.snapshot().queues.get("support")?.members[agent]).toMatchObject({
      name: "Temp Agent",
      pausedReason: "lunch break",
      membership: "dynamic",
    });
    await agree(pbx.snapshot(), actor);
  });
});
