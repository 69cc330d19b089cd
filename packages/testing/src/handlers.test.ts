import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeActionRequest, type FakeAsterisk } from "./index.ts";
import { loggedInClient, WireClient } from "./test-support/wire-client.ts";

let fake: FakeAsterisk;
afterEach(() => fake?.close());

describe("fake.handle()", () => {
  it("adds an action with fixed fields; ActionID goes after Response", async () => {
    fake = createFakeAsterisk();
    fake.handle("QueueSummary", { Response: "Success", Message: "Done", Extra: "007" });
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "queuesummary", ActionID: "q1" });
    await client.response("q1");
    expect(client.text).toContain("Response: Success\r\nActionID: q1\r\nMessage: Done\r\nExtra: 007\r\n\r\n");
  });

  it("overrides a built-in, can fall back to it, and can be removed again", async () => {
    fake = createFakeAsterisk();
    let calls = 0;
    const remove = fake.handle("Ping", async (request) => {
      calls++;
      if (request.get("Mode") === "builtin") {
        await request.fallback();
        return undefined;
      }
      return { Response: "Success", Ping: "Scripted" };
    });
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "Ping", ActionID: "p1" });
    await client.action({ Action: "Ping", ActionID: "p2", Mode: "builtin" });
    expect((await client.response("p1")).get("Ping")).toBe("Scripted");
    expect((await client.response("p2")).get("Ping")).toBe("Pong");
    remove();
    await client.action({ Action: "Ping", ActionID: "p3" });
    expect((await client.response("p3")).get("Ping")).toBe("Pong");
    expect(calls).toBe(2);
  });

  it("can leave an action unanswered and answer it later, while later actions go on", async () => {
    fake = createFakeAsterisk();
    let held: FakeActionRequest | undefined;
    fake.handle("Slow", (request) => {
      held = request;
      return undefined;
    });
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "Slow", ActionID: "s1" });
    await client.action({ Action: "Ping", ActionID: "p1" });
    await client.response("p1");
    expect(client.packets.some((p) => p.actionId === "s1")).toBe(false);
    held?.success("Finally");
    expect((await client.response("s1")).get("Message")).toBe("Finally");
  });

  it("holds the session's next action while an async handler runs (like Asterisk's session thread)", async () => {
    fake = createFakeAsterisk();
    let release!: () => void;
    fake.handle("Block", () => new Promise((resolve) => (release = () => resolve({ Response: "Success" }))));
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "Block", ActionID: "b" });
    await client.action({ Action: "Ping", ActionID: "p" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.packets.some((p) => p.actionId === "p")).toBe(false);
    release();
    await client.response("p");
    const order = client.packets.filter((p) => p.type === "response").map((p) => p.actionId);
    expect(order.slice(-2)).toEqual(["b", "p"]);
  });

  it("list() answers like an Asterisk 22 list action", async () => {
    fake = createFakeAsterisk();
    fake.handle("PJSIPShowEndpoints", (request) => {
      request.list(
        [
          { Event: "EndpointList", ObjectName: "alice" },
          { Event: "EndpointList", ObjectName: "bob" },
        ],
        {
          message: "A listing of Endpoints follows, presented as EndpointList events",
          complete: "EndpointListComplete",
        },
      );
      return undefined;
    });
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "PJSIPShowEndpoints", ActionID: "l" });
    await client.until(() => client.packets.some((p) => p.name === "EndpointListComplete"));
    expect(client.text).toContain(
      "Response: Success\r\nActionID: l\r\nEventList: start\r\nMessage: A listing of Endpoints follows, presented as EndpointList events\r\n\r\n" +
        "Event: EndpointList\r\nActionID: l\r\nObjectName: alice\r\n\r\n" +
        "Event: EndpointList\r\nActionID: l\r\nObjectName: bob\r\n\r\n" +
        "Event: EndpointListComplete\r\nActionID: l\r\nEventList: Complete\r\nListItems: 2\r\n\r\n",
    );
  });

  it("checks the handler's privilege option against the user's write classes", async () => {
    fake = createFakeAsterisk();
    fake.handle(
      "Reload",
      { Response: "Success", Message: "Module Reloaded" },
      { privilege: "system,config" },
    );
    fake.handle("Secret", { Response: "Success" }, { privilege: "config" });
    const reader = await loggedInClient(fake.transport(), "reader", "readpass");
    await reader.action({ Action: "Reload", ActionID: "r" });
    await reader.action({ Action: "Secret", ActionID: "s" });
    expect((await reader.response("r")).get("Message")).toBe("Module Reloaded");
    expect((await reader.response("s")).get("Message")).toBe("Permission denied");
  });

  it("runs handlers only after login", async () => {
    fake = createFakeAsterisk();
    fake.handle("Anything", { Response: "Success" });
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Anything", ActionID: "a" });
    expect((await client.response("a")).get("Message")).toBe("Permission denied");
  });

  it("records a handler that throws in fake.errors and keeps serving", async () => {
    fake = createFakeAsterisk();
    fake.handle("Broken", () => {
      throw new Error("boom");
    });
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "Broken", ActionID: "b" });
    await client.action({ Action: "Ping", ActionID: "p" });
    await client.response("p");
    expect(fake.errors).toHaveLength(1);
    expect((fake.errors[0] as Error).message).toBe("boom");
  });

  it("records what clients sent: received, sessions[].received and nextAction()", async () => {
    fake = createFakeAsterisk();
    const next = fake.nextAction("originate");
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o",
      Channel: "PJSIP/100",
      Application: "Wait",
      Async: "true",
    });
    const action = await next;
    expect(action.packet.get("Channel")).toBe("PJSIP/100");
    expect(action.session).toBe(fake.sessions[0]);
    expect(fake.received.map((r) => r.name)).toEqual(["Login", "Originate"]);
    expect(fake.sessions[0]?.received).toHaveLength(2);
    await expect(fake.nextAction("Never", { timeout: 10 })).rejects.toThrowError(/No Never action arrived/);
  });

  it("unknown actions, missing Action and pre-login actions answer with Asterisk's messages", async () => {
    fake = createFakeAsterisk();
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Ping", ActionID: "p" });
    await client.send("ActionID: none\r\nFoo: bar\r\n\r\n");
    expect((await client.response("p")).get("Message")).toBe("Permission denied");
    expect((await client.response("none")).get("Message")).toBe("Missing action in request");
    await client.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "amipass" });
    await client.action({ Action: "Bogus", ActionID: "b" });
    expect((await client.response("b")).get("Message")).toBe(
      "Invalid/unknown command: Bogus. Use Action: ListCommands to show available commands.",
    );
  });

  it("ListCommands lists what the user may send, scripted actions included, sorted", async () => {
    fake = createFakeAsterisk();
    fake.handle("Agents", { Response: "Success" }, { privilege: "agent" });
    const admin = await loggedInClient(fake.transport());
    const reader = await loggedInClient(fake.transport(), "reader", "readpass");
    await admin.action({ Action: "ListCommands", ActionID: "a" });
    await reader.action({ Action: "ListCommands", ActionID: "r" });
    const all = await admin.response("a");
    expect(all.get("Originate")).toBe("Originate a call. (Priv: originate,all)");
    expect(all.get("Ping")).toBe("Keepalive command. (Priv: <none>)");
    expect(all.get("Agents")).toBe("Scripted by the test. (Priv: agent,all)");
    // main/manager.c action_listcommands: astman_start_ack (Response, ActionID, no Message), then one
    // "Name: Synopsis (Priv: authority_to_str)" line per action with writeperm & authority, or authority 0.
    expect(all.fields.slice(0, 2)).toEqual([
      ["Response", "Success"],
      ["ActionID", "a"],
    ]);
    expect(all.has("Message")).toBe(false);
    const names = all.fields.slice(2).map(([name]) => name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const limited = await reader.response("r");
    expect(limited.has("Originate")).toBe(false);
    expect(limited.has("Command")).toBe(false);
    expect(limited.get("Filter")).toBe(
      "Dynamically add filters for the current manager session. (Priv: system,all)",
    );
  });
});
