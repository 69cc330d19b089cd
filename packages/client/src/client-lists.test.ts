import type { FakeActionRequest } from "@amikit/testing";
import { lastValueFrom, take, toArray } from "rxjs";
import { describe, expect, it } from "vitest";
import { AmiActionError, AmiTimeoutError } from "./errors.ts";
import { collect, connected, sleep, until } from "./test-support/harness.ts";

/** Scripts two list actions whose answers the test releases by hand, so it controls the interleaving. */
function scriptedLists(fake: Awaited<ReturnType<typeof connected>>["fake"]) {
  const requests = new Map<string, FakeActionRequest>();
  for (const name of ["QueueStatus", "PJSIPShowEndpoints"]) {
    fake.handle(name, (request) => {
      requests.set(name, request);
      return undefined;
    });
  }
  return requests;
}

describe("list()", () => {
  it("collects the answer, every item and the closing event of a real list (CoreShowChannels)", async () => {
    const { fake, client } = await connected();
    await client.action("Originate", { Channel: "Local/echo@test", Application: "Echo", Async: "true" });
    await until(() => fake.channels.length === 2, "the call to be up");
    const result = await client.list("CoreShowChannels");
    expect(result.response.EventList).toBe("start");
    expect(result.events.map((e) => e.Event)).toEqual(["CoreShowChannel", "CoreShowChannel"]);
    expect(result.events.map((e) => e.Channel).sort()).toEqual(fake.channels.map((c) => c.name).sort());
    expect(result.complete?.Event).toBe("CoreShowChannelsComplete");
    expect(result.complete?.ListItems).toBe("2");
  });

  it("keeps each list's items apart when two lists and unrelated events interleave on the wire", async () => {
    const { fake, client } = await connected();
    const requests = scriptedLists(fake);
    const events = collect(client.events$);
    const queues = client.list("QueueStatus");
    const endpoints = client.list("PJSIPShowEndpoints");
    await until(() => requests.size === 2, "both list actions");
    const q = requests.get("QueueStatus") as FakeActionRequest;
    const p = requests.get("PJSIPShowEndpoints") as FakeActionRequest;
    const qid = q.actionId as string;
    const pid = p.actionId as string;
    q.respond({ Response: "Success", EventList: "start", Message: "Queue status will follow" });
    fake.emit({ Event: "Newchannel", Privilege: "call,all", Channel: "PJSIP/x-1" });
    p.respond({
      Response: "Success",
      EventList: "start",
      Message: "A listing of Endpoints follows, presented as EndpointList events",
    });
    q.event({ Event: "QueueParams", ActionID: qid, Queue: "sales" });
    p.event({ Event: "EndpointList", ActionID: pid, ObjectName: "alice" });
    fake.emit({ Event: "Hangup", Privilege: "call,all", Channel: "PJSIP/x-1" });
    q.event({ Event: "QueueMember", ActionID: qid, Queue: "sales", Name: "bob" });
    p.event({ Event: "EndpointList", ActionID: pid, ObjectName: "carol" });
    p.event({ Event: "EndpointListComplete", ActionID: pid, EventList: "Complete", ListItems: "2" });
    fake.emit({ Event: "UserEvent", Privilege: "user,all", UserEvent: "Between" });
    q.event({ Event: "QueueStatusComplete", ActionID: qid, EventList: "Complete", ListItems: "2" });

    const [queueList, endpointList] = await Promise.all([queues, endpoints]);
    expect(queueList.events.map((e) => e.Event)).toEqual(["QueueParams", "QueueMember"]);
    expect(queueList.complete?.Event).toBe("QueueStatusComplete");
    expect(endpointList.events.map((e) => e.ObjectName)).toEqual(["alice", "carol"]);
    expect(endpointList.complete?.ListItems).toBe("2");
    // Only the unrelated events reach events$; no list item is duplicated there.
    expect(events.map((e) => e.Event)).toEqual(["Newchannel", "Hangup", "UserEvent"]);
    expect(client.pendingActions).toBe(0);
  });

  it("publishes list items on events$ too when listEventsToEventStream is set", async () => {
    const { client } = await connected({}, { listEventsToEventStream: true });
    const events = collect(client.events$);
    await client.action("Originate", { Channel: "Local/echo@test", Application: "Echo", Async: "true" });
    await until(() => events.some((e) => e.Event === "Newchannel"), "a call");
    const result = await client.list("CoreShowChannels");
    const published = events.filter((e) => e.ActionID === result.response.ActionID);
    expect(published.map((e) => e.Event)).toEqual([
      ...result.events.map((e) => e.Event),
      "CoreShowChannelsComplete",
    ]);
  });

  it("reads the Asterisk 11 form: no EventList headers, `will follow`, closing event named …Complete", async () => {
    const { fake, client } = await connected();
    fake.handle("QueueStatus", (request) => {
      request.respond({ Response: "Success", Message: "Queue status will follow" });
      request.event({ Event: "QueueParams", ActionID: request.actionId, Queue: "support" });
      request.event({ Event: "QueueMember", ActionID: request.actionId, Queue: "support", Name: "x" });
      request.event({ Event: "QueueStatusComplete", ActionID: request.actionId });
      return undefined;
    });
    const result = await client.list("QueueStatus");
    expect(result.events.map((e) => e.Event)).toEqual(["QueueParams", "QueueMember"]);
    expect(result.complete).toEqual({ Event: "QueueStatusComplete", ActionID: result.response.ActionID });
  });

  it("works for actions the definitions do not know, and resolves a non-list answer with no items", async () => {
    const { fake, client } = await connected();
    fake.handle("MyModuleList", (request) => {
      request.list([{ Event: "MyItem", Value: "007" }], { complete: "MyModuleListComplete" });
      return undefined;
    });
    const custom = await client.list("MyModuleList");
    expect(custom.events).toEqual([{ Event: "MyItem", ActionID: custom.response.ActionID, Value: "007" }]);
    const ping = await client.list("Ping");
    expect(ping).toEqual({
      response: expect.objectContaining({ Ping: "Pong" }),
      events: [],
      complete: undefined,
    });
  });

  it("rejects an error answer with AmiActionError", async () => {
    const { fake, client } = await connected();
    fake.handle("CoreShowChannels", { Response: "Error", Message: "Permission denied" });
    const error = await client.list("CoreShowChannels").catch((e) => e);
    expect(error).toBeInstanceOf(AmiActionError);
    expect(error.message).toBe("Permission denied");
  });

  it("restarts the timeout with every item and times out when the list stalls", async () => {
    const { fake, client } = await connected();
    fake.handle("SlowList", (request) => {
      request.respond({ Response: "Success", EventList: "start", Message: "Items will follow" });
      let n = 0;
      const timer = setInterval(() => {
        n += 1;
        if (n <= 5) request.event({ Event: "Item", ActionID: request.actionId, N: String(n) });
        if (n === 5)
          request.event({ Event: "SlowListComplete", ActionID: request.actionId, EventList: "Complete" });
        if (n === 5) clearInterval(timer);
      }, 15);
      return undefined;
    });
    // 5 items 15 ms apart take 75 ms in total, longer than the 40 ms timeout that restarts per item.
    expect((await client.list("SlowList", {}, { timeout: 40 })).events).toHaveLength(5);

    fake.handle("StalledList", (request) => {
      request.respond({ Response: "Success", EventList: "start", Message: "Items will follow" });
      request.event({ Event: "Item", ActionID: request.actionId });
      return undefined;
    });
    await expect(client.list("StalledList", {}, { timeout: 30 })).rejects.toBeInstanceOf(AmiTimeoutError);
  });
});

describe("list$()", () => {
  it("emits each item as it arrives and completes at the closing event", async () => {
    const { fake, client } = await connected();
    fake.handle("Things", (request) => {
      request.list(
        [
          { Event: "Thing", N: "1" },
          { Event: "Thing", N: "2" },
          { Event: "Thing", N: "3" },
        ],
        {
          complete: "ThingsComplete",
        },
      );
      return undefined;
    });
    const items = await lastValueFrom(client.list$("Things").pipe(toArray()));
    expect(items.map((i) => i.N)).toEqual(["1", "2", "3"]);
  });

  it("swallows the rest of a list after an early unsubscribe instead of leaking it into events$", async () => {
    const { fake, client } = await connected();
    let finish: (() => void) | undefined;
    fake.handle("Things", (request) => {
      request.respond({ Response: "Success", EventList: "start", Message: "Things will follow" });
      request.event({ Event: "Thing", ActionID: request.actionId, N: "1" });
      finish = () => {
        request.event({ Event: "Thing", ActionID: request.actionId, N: "2" });
        request.event({ Event: "ThingsComplete", ActionID: request.actionId, EventList: "Complete" });
      };
      return undefined;
    });
    const events = collect(client.events$);
    const first = await lastValueFrom(client.list$("Things").pipe(take(1)));
    expect(first.N).toBe("1");
    expect(client.pendingActions).toBe(1);
    finish?.();
    fake.emit({ Event: "Reload", Privilege: "system,all" });
    await until(() => events.length > 0, "the unrelated event");
    expect(events.map((e) => e.Event)).toEqual(["Reload"]);
    expect(client.pendingActions).toBe(0);
  });

  it("completes at once for a non-list answer", async () => {
    const { client } = await connected();
    expect(await lastValueFrom(client.list$("Ping").pipe(toArray()))).toEqual([]);
    await sleep(1);
  });
});
