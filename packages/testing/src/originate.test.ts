import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk } from "./index.ts";
import { loggedInClient, type WireClient } from "./test-support/wire-client.ts";

let fake: FakeAsterisk;
afterEach(() => fake?.close());

const events = (client: WireClient, name: string) =>
  client.packets.filter((p) => p.type === "event" && p.name === name);

describe("Originate of Local channels", () => {
  it("async: queued at once, OriginateResponse carries the ActionID, the call runs the dialplan and hangs up", async () => {
    fake = createFakeAsterisk({ timeScale: 0.01 });
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o1",
      Channel: "Local/wait@test",
      Application: "Wait",
      Data: "2",
      Async: "true",
      CallerID: '"Ann" <007>',
    });
    expect((await client.response("o1")).get("Message")).toBe("Originate successfully queued");
    await client.until(() => events(client, "Hangup").length === 2, 3000, "both Hangups");
    const response = events(client, "OriginateResponse")[0];
    expect(response?.get("ActionID")).toBe("o1");
    expect(response?.get("Response")).toBe("Success");
    expect(response?.get("Reason")).toBe("4");
    expect(response?.get("CallerIDNum")).toBe("007");
    expect(events(client, "UserEvent")[0]?.get("Header2")).toBe("мир");
    expect(events(client, "Newchannel").map((p) => p.get("Channel"))).toEqual([
      "Local/wait@test-00000000;1",
      "Local/wait@test-00000000;2",
    ]);
    expect(fake.channels).toHaveLength(0);
  });

  it("sync: the response comes once the call is answered, with no OriginateResponse", async () => {
    fake = createFakeAsterisk({ timeScale: 0.01 });
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o1",
      Channel: "Local/echo@test",
      Application: "Echo",
    });
    const response = await client.response("o1");
    expect(response.get("Response")).toBe("Success");
    const names = client.packets.map((p) => p.name);
    expect(names.indexOf("DialEnd")).toBeLessThan(names.lastIndexOf("Success"));
    expect(events(client, "OriginateResponse")).toHaveLength(0);
    expect(fake.channels.map((c) => c.name)).toEqual([
      "Local/echo@test-00000000;2",
      "Local/echo@test-00000000;1",
    ]);
  });

  it("Hangup action ends a live call; Getvar/Setvar work on its channels", async () => {
    fake = createFakeAsterisk({ timeScale: 0.01 });
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o1",
      Channel: "Local/echo@test",
      Application: "Echo",
      Variable: "FOO=bar",
    });
    await client.response("o1");
    const name = "Local/echo@test-00000000;1";
    await client.action({ Action: "Getvar", ActionID: "g1", Channel: name, Variable: "FOO" });
    expect((await client.response("g1")).get("Value")).toBe("bar");
    await client.action({ Action: "Setvar", ActionID: "s1", Channel: name, Variable: "NEW", Value: "héllo" });
    expect((await client.response("s1")).get("Message")).toBe("Variable Set");
    expect(events(client, "VarSet").at(-1)?.get("Value")).toBe("héllo");
    await client.action({ Action: "Hangup", ActionID: "h1", Channel: name });
    expect((await client.response("h1")).get("Message")).toBe("Channel Hungup");
    await client.until(() => events(client, "Hangup").length === 2);
    expect(fake.channels).toHaveLength(0);
    await client.action({ Action: "Hangup", ActionID: "h2", Channel: name });
    expect((await client.response("h2")).get("Message")).toBe("No such channel");
  });

  it("global variables: Setvar/Getvar without Channel, visible in fake.globals", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    await client.action({ Action: "Setvar", ActionID: "s", Variable: "G", Value: "1" });
    await client.response("s");
    expect(fake.globals.get("G")).toBe("1");
    fake.globals.set("H", "two");
    await client.action({ Action: "Getvar", ActionID: "g", Variable: "H" });
    expect((await client.response("g")).get("Value")).toBe("two");
  });

  it("channelvars add ChanVariable lines to channel events and ChanVariable(<channel>) to OriginateResponse", async () => {
    fake = createFakeAsterisk({ timeScale: 0.01, channelvars: ["FOO", "UNSET"] });
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o1",
      Channel: "Local/quick@test",
      Application: "Wait",
      Data: "1",
      Async: "1",
      Variable: "FOO=bar",
    });
    await client.until(() => events(client, "Hangup").length === 2);
    const newstate = events(client, "Newstate")[0];
    expect(newstate?.getAll("ChanVariable")).toEqual(["FOO=bar", "UNSET="]);
    expect(client.text).toMatch(
      /CallerIDName: <unknown>\r\nChanVariable\(Local\/quick@test-00000000;1\): FOO=bar\r\nChanVariable\(Local\/quick@test-00000000;1\): UNSET=\r\n\r\n/,
    );
  });

  it("lists live channels with CoreShowChannels and Status, and counts them in CoreStatus", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o",
      Channel: "Local/echo@test",
      Application: "Echo",
    });
    await client.response("o");
    // The sync response comes at answer; wait for ;2 to reach Echo() before listing.
    await client.until(() => events(client, "Newexten").some((p) => p.get("Application") === "Echo"));
    await client.action({ Action: "CoreShowChannels", ActionID: "c" });
    await client.action({ Action: "Status", ActionID: "s", Channel: "Local/echo@test-00000000;2" });
    await client.action({ Action: "CoreStatus", ActionID: "cs" });
    // action_corestatus reports ast_active_channels(): both halves of the Local call.
    const coreStatus = await client.response("cs");
    expect(coreStatus.fields.map(([name]) => name)).toEqual([
      "Response",
      "ActionID",
      "CoreStartupDate",
      "CoreStartupTime",
      "CoreReloadDate",
      "CoreReloadTime",
      "CoreCurrentCalls",
      "CoreProcessedCalls",
    ]);
    expect(coreStatus.get("CoreStartupDate")).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(coreStatus.get("CoreStartupTime")).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(coreStatus.get("CoreCurrentCalls")).toBe("2");
    const complete = events(client, "CoreShowChannelsComplete")[0];
    expect(complete?.get("ListItems")).toBe("2");
    expect(events(client, "CoreShowChannel").map((p) => p.get("Application"))).toEqual(["Echo", "Echo"]);
    const status = events(client, "Status");
    expect(status.map((p) => p.get("Channel"))).toEqual(["Local/echo@test-00000000;2"]);
    expect(status[0]?.fields.at(-1)).toEqual(["ActionID", "s"]);
    expect(events(client, "StatusComplete")[0]?.get("Items")).toBe("1");
  });

  it("fails for an unknown extension (sync and async) and for a non-Local channel", async () => {
    fake = createFakeAsterisk();
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "s",
      Channel: "Local/none@test",
      Application: "Wait",
    });
    expect((await client.response("s")).get("Message")).toBe("Originate failed");
    await client.action({
      Action: "Originate",
      ActionID: "p",
      Channel: "PJSIP/100",
      Application: "Wait",
      Async: "yes",
    });
    await client.until(() => events(client, "OriginateResponse").length === 1);
    const failure = events(client, "OriginateResponse")[0];
    expect(failure?.get("ActionID")).toBe("p");
    expect(failure?.get("Response")).toBe("Failure");
    expect(failure?.get("Channel")).toBe("PJSIP/100");
    expect(failure?.get("Uniqueid")).toBe("<unknown>");
    await client.action({ Action: "Originate", ActionID: "m", Application: "Wait" });
    expect((await client.response("m")).get("Message")).toBe("Channel not specified");
  });

  it("raises Cdr at the end of a call when cdr is on, with the dialplan's userfield", async () => {
    fake = createFakeAsterisk({ timeScale: 0.01, cdr: true });
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o",
      Channel: "Local/wait@test",
      Application: "Wait",
      Data: "5",
      Async: "true",
    });
    await client.until(() => events(client, "Cdr").length === 1);
    const cdr = events(client, "Cdr")[0];
    expect(cdr?.get("UserField")).toBe("bench");
    expect(cdr?.get("Disposition")).toBe("ANSWERED");
    expect(cdr?.get("Destination")).toBe("wait");
    // Header names and order of cdr/cdr_manager.c manager_log() (EVENT_FLAG_CDR → "cdr,all"); the index
    // holds that function only from Asterisk 1.2 and 1.8/11-era copies, not 22 — same header list in both.
    expect(cdr?.fields.map(([name]) => name)).toEqual([
      "Event",
      "Privilege",
      "AccountCode",
      "Source",
      "Destination",
      "DestinationContext",
      "CallerID",
      "Channel",
      "DestinationChannel",
      "LastApplication",
      "LastData",
      "StartTime",
      "AnswerTime",
      "EndTime",
      "Duration",
      "BillableSeconds",
      "Disposition",
      "AMAFlags",
      "UniqueID",
      "UserField",
    ]);
    expect(cdr?.get("Privilege")).toBe("cdr,all");
    expect(cdr?.get("StartTime")).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it("when the originating ;1 half finishes first, hangs up in the order recorded in call-burst.jsonl", async () => {
    // 196 of the 200 calls in call-burst.jsonl: HangupRequest(;2, 0), Hangup(;1, 0), SoftHangupRequest(;2, 16),
    // Hangup(;2, 0). (The other 4 put Hangup(;1) last — thread timing; the fake keeps the common order.)
    fake = createFakeAsterisk({ timeScale: 0.01 });
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o",
      Channel: "Local/echo@test",
      Application: "Wait",
      Data: "1",
      Async: "true",
    });
    await client.until(() => events(client, "Hangup").length === 2);
    const flow = client.packets
      .filter((p) => ["HangupRequest", "SoftHangupRequest", "Hangup"].includes(p.name ?? ""))
      .map((p) => `${p.name}(${p.get("Channel")?.slice(-2)},${p.get("Cause")})`);
    expect(flow).toEqual(["HangupRequest(;2,0)", "Hangup(;1,0)", "SoftHangupRequest(;2,16)", "Hangup(;2,0)"]);
  });

  it("runs a custom dialplan", async () => {
    fake = createFakeAsterisk({
      timeScale: 0.01,
      dialplan: {
        office: { "100": [["Answer"], ["Set", "X=1"], ["UserEvent", "Reached,Who: 100"], ["Hangup"]] },
      },
    });
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o",
      Channel: "Local/100@office",
      Application: "Wait",
      Data: "9",
      Async: "true",
    });
    await client.until(() => events(client, "Hangup").length === 2);
    expect(events(client, "UserEvent")[0]?.get("Who")).toBe("100");
    expect(events(client, "VarSet").at(-1)?.get("Variable")).toBe("X");
  });

  it('runs call flows on a manual clock with clock: "manual" and advanceTime()', async () => {
    fake = createFakeAsterisk({ clock: "manual" });
    const client = await loggedInClient(fake.transport());
    await client.action({
      Action: "Originate",
      ActionID: "o",
      Channel: "Local/wait@test",
      Application: "Wait",
      Data: "2",
      Async: "true",
    });
    await client.until(() => events(client, "Newexten").some((p) => p.get("Application") === "Answer"));
    // Answer waits up to 500 ms for media (main/channel.c __ast_answer), on the manual clock too.
    expect(events(client, "Newexten").some((p) => p.get("Application") === "Wait")).toBe(false);
    await fake.advanceTime(0.5);
    await client.until(() => events(client, "Newexten").some((p) => p.get("Application") === "Wait"));
    // Stopped in Wait(1) until the clock moves, however long the test takes.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events(client, "Hangup")).toHaveLength(0);
    expect(fake.channels).toHaveLength(2);
    await fake.advanceTime(0.5);
    expect(events(client, "Hangup")).toHaveLength(0);
    await fake.advanceTime(0.5);
    await client.until(() => events(client, "Hangup").length === 2);
    expect(events(client, "SoftHangupRequest")[0]?.get("Channel")).toBe("Local/wait@test-00000000;2");
    expect(fake.channels).toHaveLength(0);
  });

  it("refuses advanceTime() on the real clock", async () => {
    fake = createFakeAsterisk();
    await expect(fake.advanceTime(1)).rejects.toThrowError(/clock: "manual"/);
  });
});
