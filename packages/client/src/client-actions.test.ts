import { lastValueFrom } from "rxjs";
import { describe, expect, it } from "vitest";
import {
  AmiAbortError,
  AmiActionError,
  AmiConnectionError,
  AmiTimeoutError,
  AmiValidationError,
} from "./errors.ts";
import { clientOf, connected, fakeAsterisk, sleep, until } from "./test-support/harness.ts";

describe("action()", () => {
  it("resolves with the answer as a plain object keyed by the headers as sent", async () => {
    const { client } = await connected();
    const pong = await client.action("Ping");
    expect(pong.Response).toBe("Success");
    expect(pong.Ping).toBe("Pong");
    expect(typeof pong.ActionID).toBe("string");
  });

  it("keeps values as strings and repeated headers as arrays", async () => {
    const { fake, client } = await connected();
    fake.handle("Custom", (request) => {
      request.respond([
        ["Response", "Success"],
        ["Code", "007"],
        ["Item", "a"],
        ["Item", "b"],
      ]);
      return undefined;
    });
    const answer = await client.action("Custom");
    expect(answer.Code).toBe("007");
    expect(answer.Item).toEqual(["a", "b"]);
  });

  it("rejects Response: Error with AmiActionError carrying the Message and the response", async () => {
    const { client } = await connected();
    const error = (await client
      .action("Hangup", { Channel: "Local/none@test-00000000;1" })
      .catch((e) => e)) as AmiActionError;
    expect(error).toBeInstanceOf(AmiActionError);
    expect(error.message).toBe("No such channel");
    expect(error.action).toBe("Hangup");
    expect(error.response.Response).toBe("Error");
    expect(error.response.ActionID).toBe(error.actionId);
  });

  it("sends actions the definitions do not know, with whatever params", async () => {
    const { fake, client } = await connected();
    const error = (await client.action("NoSuchAction", { Foo: "bar" }).catch((e) => e)) as AmiActionError;
    expect(error.message).toMatch(/^Invalid\/unknown command: NoSuchAction/);
    expect(fake.received.at(-1)?.packet.get("Foo")).toBe("bar");
  });

  it("validates required params before sending: a typed AmiValidationError, nothing on the wire", async () => {
    const { fake, client } = await connected();
    const error = (await client.action("Originate", {} as never).catch((e) => e)) as AmiValidationError;
    expect(error).toBeInstanceOf(AmiValidationError);
    expect(error.missing).toEqual(["Channel"]);
    expect(error.message).toMatch(/Originate: missing required parameter Channel/);
    await expect(client.action("getvar", { channel: "x" } as never)).rejects.toMatchObject({
      missing: ["Variable"],
    });
    expect(fake.received.some((a) => a.name === "Originate" || a.name === "getvar")).toBe(false);
  });

  it("skips validation when validate is false (the server decides)", async () => {
    const { client } = await connected({}, { validate: false });
    await expect(client.action("Originate", { Application: "Wait" } as never)).rejects.toMatchObject({
      message: "Channel not specified",
    });
  });

  it("rejects a value that would break the framing with the codec's typed error, sending nothing", async () => {
    const { fake, client } = await connected();
    const sent = fake.received.length;
    await expect(
      client.action("UserEvent", { UserEvent: "x", Data: "a\r\nAction: Logoff" }),
    ).rejects.toMatchObject({
      name: "AmiEncodeError",
    });
    expect(fake.received).toHaveLength(sent);
  });

  it("answers 10 000 pipelined Pings, each correlated to its own ActionID", async () => {
    const { fake, client } = await connected();
    const answers = await Promise.all(Array.from({ length: 10_000 }, () => client.action("Ping")));
    const ids = answers.map((a) => a.ActionID);
    expect(new Set(ids).size).toBe(10_000);
    const sentIds = fake.received.filter((a) => a.name === "Ping").map((a) => a.packet.actionId);
    expect(ids).toEqual(sentIds);
    expect(answers.every((a) => a.Ping === "Pong")).toBe(true);
    expect(client.pendingActions).toBe(0);
  });

  it("correlates answers that come back in a different order than sent", async () => {
    const { fake, client } = await connected();
    const held: (() => void)[] = [];
    fake.handle("Slow", (request) => {
      held.push(() => request.success(`answer ${request.get("N")}`));
      return undefined;
    });
    const pending = [1, 2, 3].map((n) => client.action("Slow", { N: String(n) }));
    await until(() => held.length === 3, "three Slow actions");
    for (const answer of [held[2], held[0], held[1]]) answer?.();
    expect((await Promise.all(pending)).map((a) => a.Message)).toEqual(["answer 1", "answer 2", "answer 3"]);
  });

  it("times out with AmiTimeoutError, leaves nothing pending, and ignores the late answer", async () => {
    const { fake, client } = await connected();
    let answer: (() => void) | undefined;
    fake.handle("Never", (request) => {
      answer = () => request.success("too late");
      return undefined;
    });
    const error = (await client.action("Never", {}, { timeout: 30 }).catch((e) => e)) as AmiTimeoutError;
    expect(error).toBeInstanceOf(AmiTimeoutError);
    expect(error.timeout).toBe(30);
    expect(error.action).toBe("Never");
    expect(client.pendingActions).toBe(0);
    answer?.();
    await expect(client.action("Ping")).resolves.toMatchObject({ Ping: "Pong" });
  });

  it("uses the client's actionTimeout by default", async () => {
    const { fake, client } = await connected({}, { actionTimeout: 25 });
    fake.handle("Never", () => undefined);
    await expect(client.action("Never")).rejects.toMatchObject({ name: "AmiTimeoutError", timeout: 25 });
  });

  it("aborts through an AbortSignal with AmiAbortError (name AbortError, cause = reason)", async () => {
    const { fake, client } = await connected();
    fake.handle("Never", () => undefined);
    const controller = new AbortController();
    const pending = client.action("Never", {}, { signal: controller.signal });
    await sleep(5);
    controller.abort("changed my mind");
    const error = (await pending.catch((e) => e)) as AmiAbortError;
    expect(error).toBeInstanceOf(AmiAbortError);
    expect(error.name).toBe("AbortError");
    expect(error.cause).toBe("changed my mind");
    expect(client.pendingActions).toBe(0);
    const already = AbortSignal.abort();
    const sent = fake.received.length;
    await expect(client.action("Ping", {}, { signal: already })).rejects.toBeInstanceOf(AmiAbortError);
    expect(fake.received).toHaveLength(sent);
  });

  it("does not even send an action aborted in the tick it was issued", async () => {
    const { fake, client } = await connected();
    const controller = new AbortController();
    const aborted = client.action("UserEvent", { UserEvent: "never-sent" }, { signal: controller.signal });
    const sent = client.action("UserEvent", { UserEvent: "sent" });
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AmiAbortError);
    await sent;
    const userEvents = fake.received
      .filter((a) => a.name === "UserEvent")
      .map((a) => a.packet.get("UserEvent"));
    expect(userEvents).toEqual(["sent"]);
  });

  it("fails fast with AmiConnectionError before connect() was called", async () => {
    const client = clientOf(fakeAsterisk());
    await expect(client.action("Ping")).rejects.toThrow(/call connect\(\) first/);
    await expect(client.action("Ping")).rejects.toBeInstanceOf(AmiConnectionError);
  });
});

describe("action$()", () => {
  it("is cold: nothing is sent until subscribed, each subscription sends once", async () => {
    const { fake, client } = await connected();
    const pings = () => fake.received.filter((a) => a.name === "Ping").length;
    const ping$ = client.action$("Ping");
    await sleep(5);
    expect(pings()).toBe(0);
    const first = await lastValueFrom(ping$);
    const second = await lastValueFrom(ping$);
    expect(first.Ping).toBe("Pong");
    expect(second.ActionID).not.toBe(first.ActionID);
    expect(pings()).toBe(2);
  });

  it("unsubscribing abandons the action: nothing pending, no emission", async () => {
    const { fake, client } = await connected();
    fake.handle("Never", () => undefined);
    const seen: unknown[] = [];
    const subscription = client
      .action$("Never")
      .subscribe({ next: (v) => seen.push(v), error: (e) => seen.push(e) });
    await until(() => fake.received.some((a) => a.name === "Never"), "the action to be sent");
    expect(client.pendingActions).toBe(1);
    subscription.unsubscribe();
    expect(client.pendingActions).toBe(0);
    await sleep(5);
    expect(seen).toEqual([]);
  });

  it("errors with AmiActionError", async () => {
    const { client } = await connected();
    await expect(
      lastValueFrom(client.action$("Getvar", { Variable: "X", Channel: "nope" })),
    ).rejects.toBeInstanceOf(AmiActionError);
  });
});

describe("send()", () => {
  it("sends raw fields and uses the caller's ActionID as is", async () => {
    const { fake, client } = await connected();
    const answer = await client.send({ Action: "Ping", ActionID: "mine-1" });
    expect(answer.ActionID).toBe("mine-1");
    expect(fake.received.at(-1)?.packet.actionId).toBe("mine-1");
  });

  it("generates an ActionID when none is given and rejects a missing Action or an ActionID in flight", async () => {
    const { fake, client } = await connected();
    expect((await client.send({ Action: "Ping" })).ActionID).toMatch(/^amikit-/);
    await expect(client.send({ Foo: "bar" })).rejects.toBeInstanceOf(AmiValidationError);
    fake.handle("Never", () => undefined);
    const first = client.send({ Action: "Never", ActionID: "dup" }, { timeout: 200 });
    await expect(client.send({ Action: "Ping", ActionID: "dup" })).rejects.toThrow(/already in flight/);
    await expect(first).rejects.toBeInstanceOf(AmiTimeoutError);
  });

  it("does not validate (the escape hatch) and rejects Response: Error", async () => {
    const { client } = await connected();
    await expect(client.send({ Action: "Originate", Application: "Wait" })).rejects.toMatchObject({
      message: "Channel not specified",
    });
  });
});
