import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk } from "./index.ts";
import { loggedInClient, type WireClient } from "./test-support/wire-client.ts";

let fake: FakeAsterisk;
afterEach(() => fake?.close());

const names = (client: WireClient) => client.packets.filter((p) => p.type === "event").map((p) => p.name);

/** Sends a Ping and waits for its answer, so everything written before it has arrived. */
async function sync(client: WireClient, id: string) {
  await client.action({ Action: "Ping", ActionID: id });
  await client.response(id);
}

describe("emit()", () => {
  it("writes the event exactly as given to every logged-in session and counts them", async () => {
    fake = createFakeAsterisk();
    const a = await loggedInClient(fake.transport());
    const b = await loggedInClient(fake.transport());
    const notLoggedIn = await (await import("./test-support/wire-client.ts")).WireClient.memory(
      fake.transport(),
    );
    const delivered = fake.emit({
      Event: "Custom",
      Privilege: "call,all",
      Value: "007",
      Empty: "",
      Many: ["1", "2"],
    });
    expect(delivered).toBe(2);
    await sync(a, "s1");
    await sync(b, "s2");
    expect(a.text).toContain(
      "Event: Custom\r\nPrivilege: call,all\r\nValue: 007\r\nEmpty: \r\nMany: 1\r\nMany: 2\r\n\r\n",
    );
    expect(names(b)).toContain("Custom");
    await notLoggedIn.packetCount(1);
    expect(notLoggedIn.packets).toHaveLength(1);
  });

  it("honours read classes: reader (call,system) gets call events, not security or user ones", async () => {
    fake = createFakeAsterisk();
    const reader = await loggedInClient(fake.transport(), "reader", "readpass");
    expect(fake.emit({ Event: "Hangup", Privilege: "call,all" })).toBe(1);
    expect(fake.emit({ Event: "UserEvent", Privilege: "user,all" })).toBe(0);
    expect(fake.emit({ Event: "SuccessfulAuth", Privilege: "security,all" })).toBe(0);
    await sync(reader, "s");
    expect(names(reader)).toEqual(["FullyBooted", "Hangup"]);
  });

  it("honours Login Events: off and the Events action (on, off, a class list)", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport(), "admin", "amipass", { Events: "off" });
    expect(fake.emit({ Event: "A", Privilege: "call,all" })).toBe(0);
    await client.action({ Action: "Events", ActionID: "e1", EventMask: "call" });
    expect((await client.response("e1")).get("Events")).toBe("On");
    expect(fake.emit({ Event: "B", Privilege: "call,all" })).toBe(1);
    expect(fake.emit({ Event: "C", Privilege: "system,all" })).toBe(0);
    await client.action({ Action: "Events", ActionID: "e2", EventMask: "off" });
    expect((await client.response("e2")).get("Events")).toBe("Off");
    expect(fake.emit({ Event: "D", Privilege: "call,all" })).toBe(0);
    await sync(client, "s");
    expect(names(client)).toEqual(["B"]);
    expect(fake.sessions[0]?.eventMask.size).toBe(0);
  });

  it("applies Filter: include filters narrow, ! filters exclude", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Filter",
      ActionID: "f1",
      Operation: "Add",
      Filter: "Event: (Hangup|Newchannel)",
    });
    await client.action({
      Action: "Filter",
      ActionID: "f2",
      Operation: "Add",
      Filter: "!Channel: PJSIP/secret",
    });
    expect((await client.response("f2")).get("Message")).toBe("Success");
    fake.emit({ Event: "Newchannel", Privilege: "call,all", Channel: "PJSIP/a" });
    fake.emit({ Event: "Newstate", Privilege: "call,all", Channel: "PJSIP/a" });
    fake.emit({ Event: "Hangup", Privilege: "call,all", Channel: "PJSIP/secret-1" });
    fake.emit({ Event: "Hangup", Privilege: "call,all", Channel: "PJSIP/b" });
    await sync(client, "s");
    const seen = client.packets.filter((p) => p.type === "event" && p.get("Channel") !== undefined);
    expect(seen.map((p) => `${p.name} ${p.get("Channel")}`)).toEqual([
      "Newchannel PJSIP/a",
      "Hangup PJSIP/b",
    ]);
    expect(fake.sessions[0]?.filters.map((f) => f.source)).toEqual([
      "Event: (Hangup|Newchannel)",
      "!Channel: PJSIP/secret",
    ]);
  });

  it("rejects a Filter that does not compile, or an unknown operation", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "Filter", ActionID: "f1", Operation: "Add", Filter: "(" });
    await client.action({ Action: "Filter", ActionID: "f2", Operation: "Remove", Filter: "x" });
    expect((await client.response("f1")).get("Message")).toBe(
      "Filter did not compile.  Check the syntax of the filter given.",
    );
    expect((await client.response("f2")).get("Message")).toBe("Unknown operation");
  });

  it("adds SystemName after Privilege when configured", async () => {
    fake = createFakeAsterisk({ systemName: "pbx-1" });
    const client = await loggedInClient(fake.transport());
    fake.emit({ Event: "Custom", Privilege: "call,all", X: "1" });
    await sync(client, "s");
    expect(client.text).toContain(
      "Event: Custom\r\nPrivilege: call,all\r\nSystemName: pbx-1\r\nX: 1\r\n\r\n",
    );
  });

  it("refuses fields that would break the framing, with a typed error", () => {
    fake = createFakeAsterisk();
    expect(() => fake.emit({ Event: "X", Value: "a\r\nEvent: Injected" })).toThrowError(
      expect.objectContaining({ name: "FakeFieldError" }),
    );
    expect(() => fake.emit([["Bad\nName", "x"]])).toThrowError(/cannot be written/);
  });

  it("UserEvent reaches every session that reads user events, carrying the ActionID", async () => {
    fake = createFakeAsterisk();
    const sender = await loggedInClient(fake.transport());
    const other = await loggedInClient(fake.transport());
    const reader = await loggedInClient(fake.transport(), "reader", "readpass");
    await sender.action({ Action: "UserEvent", ActionID: "u1", UserEvent: "Hello", Greeting: "Привет 📞" });
    expect((await sender.response("u1")).get("Message")).toBe("Event Sent");
    await other.until(() => names(other).includes("UserEvent"));
    expect(other.text).toContain(
      "Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: Hello\r\nActionID: u1\r\nGreeting: Привет 📞\r\n\r\n",
    );
    await sync(reader, "s");
    expect(names(reader)).not.toContain("UserEvent");
  });

  it("raises RequestNotAllowed for a denied action, seen by sessions that read security", async () => {
    fake = createFakeAsterisk();
    const admin = await loggedInClient(fake.transport());
    const reader = await loggedInClient(fake.transport(), "reader", "readpass");
    await reader.action({ Action: "Command", ActionID: "c", Command: "core show version" });
    expect((await reader.response("c")).get("Message")).toBe("Permission denied");
    await admin.until(() => names(admin).includes("RequestNotAllowed"));
    const event = admin.packets.find((p) => p.name === "RequestNotAllowed");
    expect(event?.get("RequestType")).toBe("Action: Command");
    expect(event?.get("AccountID")).toBe("reader");
  });
});
