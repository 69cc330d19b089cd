import { describe, expect, it } from "vitest";
import { AmiActionError, AmiOriginateError, AmiTimeoutError } from "./errors.ts";
import { ofEvent } from "./operators.ts";
import { collect, connected, until } from "./test-support/harness.ts";

describe("originate()", () => {
  it("sends Async: true and resolves with the OriginateResponse matched by ActionID", async () => {
    const { fake, client } = await connected();
    const events = collect(client.events$);
    const outcome = await client.originate({
      Channel: "Local/wait@test",
      Application: "Wait",
      Data: "1",
      CallerID: '"Иван Петров" <1001>',
      Variable: { FOO: "bar", BAZ: "qux=1" },
    });
    const sent = fake.received.find((a) => a.name === "Originate")?.packet;
    expect(sent?.get("Async")).toBe("true");
    expect(sent?.getAll("Variable")).toEqual(["FOO=bar", "BAZ=qux=1"]);
    expect(outcome.Event).toBe("OriginateResponse");
    expect(outcome.Response).toBe("Success");
    expect(outcome.ActionID).toBe(sent?.actionId);
    expect(outcome.CallerIDName).toBe("Иван Петров");
    // It is an ordinary event as well.
    expect(events.filter((e) => e.Event === "OriginateResponse")).toEqual([outcome]);
  });

  it("tells concurrent originates apart", async () => {
    const { client } = await connected();
    const outcomes = await Promise.all(
      [1, 2, 3].map((n) =>
        client.originate({
          Channel: "Local/quick@test",
          Application: "Wait",
          Data: "0",
          Account: `acc-${n}`,
        }),
      ),
    );
    expect(new Set(outcomes.map((o) => o.ActionID)).size).toBe(3);
    expect(outcomes.every((o) => o.Response === "Success")).toBe(true);
  });

  it("rejects with AmiOriginateError (Reason kept as sent) when the OriginateResponse says Failure", async () => {
    const { client } = await connected();
    const events = collect(client.events$.pipe(ofEvent("OriginateResponse")));
    const error = (await client
      .originate({ Channel: "Local/nonexistent@nocontext", Application: "Wait", Data: "1" })
      .catch((e) => e)) as AmiOriginateError;
    expect(error).toBeInstanceOf(AmiOriginateError);
    expect(error.event.Response).toBe("Failure");
    expect(error.reason).toBe(error.event.Reason);
    expect(typeof error.reason).toBe("string");
    expect(events).toHaveLength(1);
  });

  it("rejects with AmiActionError when Asterisk refuses the Originate itself", async () => {
    const { client } = await connected({}, { username: "reader", secret: "readpass" });
    const error = (await client
      .originate({ Channel: "Local/quick@test", Application: "Wait" })
      .catch((e) => e)) as AmiActionError;
    expect(error).toBeInstanceOf(AmiActionError);
    expect(error.message).toBe("Permission denied");
    expect(client.pendingActions).toBe(0);
  });

  it("resolves even when the OriginateResponse overtakes the queued answer on the wire", async () => {
    const { fake, client } = await connected();
    fake.handle("Originate", (request) => {
      request.event({
        Event: "OriginateResponse",
        Privilege: "call,all",
        ActionID: request.actionId,
        Response: "Success",
        Reason: "4",
      });
      request.success("Originate successfully queued");
      return undefined;
    });
    await expect(client.originate({ Channel: "Local/x@test", Application: "Wait" })).resolves.toMatchObject({
      Reason: "4",
    });
  });

  it("times out, by default after the Originate Timeout plus actionTimeout", async () => {
    const { fake, client } = await connected({}, { actionTimeout: 20 });
    fake.handle("Originate", (request) => {
      request.success("Originate successfully queued");
      return undefined;
    });
    const error = (await client
      .originate({ Channel: "Local/x@test", Application: "Wait", Timeout: 30 })
      .catch((e) => e)) as AmiTimeoutError;
    expect(error).toBeInstanceOf(AmiTimeoutError);
    expect(error.timeout).toBe(50);
    expect(client.pendingActions).toBe(0);
  });
});

describe("events that carry an ActionID", () => {
  it("UserEvent raised by the UserEvent action reaches events$ with its ActionID", async () => {
    const { client } = await connected();
    const events = collect(client.on("UserEvent"));
    const answer = await client.action("UserEvent", {
      UserEvent: "Hello",
      Greeting: "Привет, мир",
      Emoji: "📞",
    });
    await until(() => events.length === 1, "the UserEvent");
    expect(events[0]).toMatchObject({
      UserEvent: "Hello",
      ActionID: answer.ActionID,
      Greeting: "Привет, мир",
      Emoji: "📞",
    });
  });
});
