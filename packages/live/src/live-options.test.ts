import { createClient } from "@amikit/client";
import { until } from "@amikit/test-support";
import { describe, expect, it } from "vitest";
import { LivePermissionError } from "./errors.ts";
import { trackPbx } from "./live.ts";
import { clientOf, manualFake, onCleanup } from "./test-support/fake-pbx.ts";

describe("trackPbx options and errors", () => {
  it("tracks only the domains asked for: a queues-only view sends QueueStatus and nothing else", async () => {
    const fake = manualFake();
    const client = clientOf(fake);
    const pbx = trackPbx(client, { domains: ["queues"] });
    onCleanup(() => pbx.close());
    await client.connect();
    await pbx.ready;
    expect(fake.received.map((action) => action.name)).toEqual(["Login", "QueueStatus"]);
    fake.emit({
      Event: "Newchannel",
      Privilege: "call,all",
      Channel: "PJSIP/a-1",
      Uniqueid: "1.1",
      Linkedid: "1.1",
      ChannelStateDesc: "Ring",
    });
    fake.emit({
      Event: "QueueCallerJoin",
      Privilege: "agent,all",
      Queue: "q",
      Uniqueid: "1.1",
      Channel: "PJSIP/a-1",
      Position: "1",
      Count: "1",
    });
    await until(() => pbx.snapshot().queues.has("q"), "the queue");
    expect(pbx.snapshot().channels.size).toBe(0);
    expect(pbx.snapshot().queues.get("q")?.stats.calls).toBe(1);
  });

  it("an account that may not list channels gets a LivePermissionError naming the class, not an empty state", async () => {
    const fake = manualFake();
    fake.setUser("limited", { secret: "pw", read: "all", write: "call" });
    const client = createClient({ transport: fake.transport(), username: "limited", secret: "pw" });
    onCleanup(() => client.close());
    const pbx = trackPbx(client, { domains: ["channels"] });
    onCleanup(() => pbx.close());
    await client.connect();
    const error = await pbx.ready.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(LivePermissionError);
    expect(error).toMatchObject({
      domain: "channels",
      action: "CoreShowChannels",
      missingClass: "system,reporting",
    });
    expect((error as Error).message).toContain('"system,reporting" write class');
    expect(pbx.status).toMatchObject({ state: "failed", error });
  });

  it("retainEndedCalls keeps an ended call with endedAt for that long, then removes it", async () => {
    const fake = manualFake();
    const client = clientOf(fake);
    let clock = 1_000_000;
    const pbx = trackPbx(client, { retainEndedCalls: 50, now: () => clock });
    onCleanup(() => pbx.close());
    await client.connect();
    await pbx.ready;
    const event = (name: string) => ({
      Event: name,
      Privilege: "call,all",
      Channel: "PJSIP/a-1",
      Uniqueid: "9.1",
      Linkedid: "9.1",
      ChannelStateDesc: "Up",
    });
    fake.emit(event("Newchannel"));
    await until(() => pbx.snapshot().calls.has("9.1"), "the call");
    clock += 10;
    fake.emit(event("Hangup"));
    await until(() => pbx.snapshot().calls.get("9.1")?.endedAt !== undefined, "the call ends");
    expect(pbx.snapshot().calls.get("9.1")?.endedAt).toBe(clock);
    clock += 100;
    await until(() => !pbx.snapshot().calls.has("9.1"), "the call is pruned");
  });
});
