// The client against replays of every recorded Asterisk 22 conversation: the replay answers each packet
// the client sends with the bytes Asterisk sent, chunk for chunk, with the client's ActionIDs put in.
// Where the client can reproduce the recorded requests exactly, the replay checks them header by header.
// The live-state recordings (bridges, transfers, queues, ...) are replayed by client-replay-calls.test.ts
// and client-replay-services.test.ts.
import { transcriptNames } from "@amikit/test-support";
import { describe, expect, it } from "vitest";
import { AmiActionError, AmiAuthError } from "./errors.ts";
import { collect, until } from "./test-support/harness.ts";
import {
  callTranscripts,
  replayClient as clientOf,
  replay,
  scenarios,
  serviceTranscripts,
} from "./test-support/replay.ts";

const { covered, scenario } = scenarios();

describe("replays of the recorded conversations", () => {
  scenario("login-plain", async () => {
    const server = replay("login-plain");
    const client = clientOf(server);
    const events = collect(client.events$);
    await client.connect();
    await until(() => events.length === 2, "FullyBooted and SuccessfulAuth");
    expect(events.map((e) => e.Event)).toEqual(["FullyBooted", "SuccessfulAuth"]);
    expect(events[0]).toMatchObject({ Privilege: "system,all", Status: "Fully Booted", Uptime: "46" });
    expect(client.greeting).toBe("Asterisk Call Manager/11.0.0");
    expect(server.mismatches).toEqual([]);
    expect(server.completed).toBe(true);
  });

  scenario("login-md5", async () => {
    // The recorded challenge is fixed, so the recorded Key must come out of the client's own MD5.
    const server = replay("login-md5");
    const client = clientOf(server, { authType: "md5" });
    await client.connect();
    expect(server.mismatches).toEqual([]);
    expect(client.state.status).toBe("connected");
  });

  for (const name of ["login-bad-secret", "login-unknown-user"]) {
    scenario(name, async () => {
      const server = replay(name, { match: "action" });
      const client = clientOf(
        server,
        name === "login-bad-secret" ? { secret: "wrong" } : { username: "nobody" },
      );
      const error = (await client.connect().catch((e) => e)) as AmiAuthError;
      expect(error).toBeInstanceOf(AmiAuthError);
      expect(error.response?.Message).toBe("Authentication failed");
      expect(client.state.status).toBe("closed");
      expect(server.connectionCount).toBe(1);
    });
  }

  scenario("login-events-off", async () => {
    const server = replay("login-events-off");
    const client = clientOf(server, { events: false });
    await client.connect();
    const queued = await client.action("Originate", {
      Channel: "Local/quick@test",
      Application: "Wait",
      Data: "0.2",
      Async: "true",
    });
    expect(queued.Message).toBe("Originate successfully queued");
    // The recorded answer to this Ping was split between two reads, in the middle of the packet.
    const pong = await client.action("Ping");
    expect(pong).toEqual({
      Response: "Success",
      ActionID: pong.ActionID,
      Ping: "Pong",
      Timestamp: "1795712917.145265",
    });
    expect(server.mismatches).toEqual([]);
  });

  scenario("action-before-login", async () => {
    // The client always logs in first, so the recorded `Permission denied` lands on its Login.
    const server = replay("action-before-login", { match: "none" });
    const error = (await clientOf(server)
      .connect()
      .catch((e) => e)) as AmiAuthError;
    expect(error).toBeInstanceOf(AmiAuthError);
    expect(error.message).toMatch(/Permission denied/);
  });

  scenario("ping-command", async () => {
    const server = replay("ping-command");
    const client = clientOf(server);
    await client.connect();
    const ping = client.action("Ping");
    const version = client.command("core show version");
    const uptime = client.command("core show uptime");
    const dialplan = client.command("dialplan show test");
    const unknown = client.command("no such command here").catch((e) => e);
    const help = client.command("core show help manager");
    const empty = client.send({ Action: "Command" }).catch((e) => e);
    expect((await ping).Ping).toBe("Pong");
    expect(await version).toEqual([
      "Asterisk 22.10.1 built by root @ vm on a x86_64 running Linux on 2026-11-26 17:05:10 UTC",
    ]);
    expect(await uptime).toEqual(["System uptime: 52 seconds", "Last reload: 52 seconds"]);
    const lines = await dialplan;
    expect(lines).toHaveLength(12);
    expect(lines[7]).toBe(
      "                    3. UserEvent(TestUser,Header1: hello,Header2: мир) [extensions.conf:8]",
    );
    expect(lines[10]).toBe("");
    const failed = (await unknown) as AmiActionError;
    expect(failed).toBeInstanceOf(AmiActionError);
    expect(failed.message).toMatch(/^No such command 'no such command here'/);
    // This answer arrived split across two reads.
    expect(await help).toHaveLength(12);
    expect(((await empty) as AmiActionError).message).toBe("No command provided");
    expect(server.mismatches).toEqual([]);
  });

  scenario("errors", async () => {
    const server = replay("errors", { match: "fields", onMismatch: "continue" });
    const client = clientOf(server, { validate: false });
    const events = collect(client.events$);
    await client.connect();
    const answers = await Promise.all(
      [
        client.action("NoSuchAction"),
        client.action("Originate", { Application: "Wait" } as never),
        client.action("Getvar", {} as never),
        client.action("Hangup", { Channel: "Local/none@test-00000000;1" }),
        // The recording's fifth packet had no Action at all, which the client never sends.
        client.send({ Action: "NoAction", Foo: "bar" }),
        client.action("Status", { Channel: "nonexistent" }),
      ].map((p) => p.catch((e: unknown) => e as AmiActionError)),
    );
    expect(answers.map((e) => (e as AmiActionError).message)).toEqual([
      "Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.",
      "Channel not specified",
      "No variable specified",
      "No such channel",
      "Missing action in request",
      "No such channel",
    ]);
    await until(
      () => events.filter((e) => e.Event === "RequestBadFormat").length === 2,
      "RequestBadFormat events",
    );
    expect(server.mismatches.map((m) => m.index)).toEqual([5]);
  });

  scenario("permission-denied", async () => {
    const server = replay("permission-denied");
    const client = clientOf(server, { username: "reader", secret: "readpass" });
    await client.connect();
    const [originate, command, ping] = await Promise.all([
      client
        .action("Originate", { Channel: "Local/quick@test", Application: "Wait", Data: "1" })
        .catch((e) => e),
      client.command("core show version").catch((e) => e),
      client.action("Ping"),
    ]);
    expect(originate).toBeInstanceOf(AmiActionError);
    expect(originate.message).toBe("Permission denied");
    expect(command.message).toBe("Permission denied");
    expect(ping.Ping).toBe("Pong");
    expect(server.mismatches).toEqual([]);
  });

  scenario("events-filter-userevent", async () => {
    const server = replay("events-filter-userevent");
    const client = clientOf(server);
    const userEvents = collect(client.on("UserEvent"));
    await client.connect();
    const answers = await Promise.all([
      client.action("Events", { EventMask: "user" }),
      client.action("UserEvent", { UserEvent: "Hello", Greeting: "Привет, мир", Emoji: "📞" }),
      client.action("Events", { EventMask: "on" }),
      client.action("Filter", { Operation: "Add", Filter: "Event: UserEvent" }),
      client.action("UserEvent", { UserEvent: "AfterFilter", Key: "v" }),
      client.action("Originate", {
        Channel: "Local/quick@test",
        Application: "Wait",
        Data: "0.1",
        Async: "true",
      }),
      client.action("Events", { EventMask: "off" }),
      client.action("UserEvent", { UserEvent: "Silent" }),
    ]);
    expect(answers.map((a) => a.Events ?? a.Message)).toEqual([
      "On",
      "Event Sent",
      "On",
      "Success",
      "Event Sent",
      "Originate successfully queued",
      "Off",
      "Event Sent",
    ]);
    // UserEvents raised by the UserEvent action carry its ActionID and still reach event subscribers.
    expect(userEvents.map((e) => [e.UserEvent, e.ActionID])).toEqual([
      ["Hello", answers[1]?.ActionID],
      ["AfterFilter", answers[4]?.ActionID],
    ]);
    expect(userEvents[0]?.Emoji).toBe("📞");
    // close(): Logoff, answered by Goodbye, after which the recorded server closed.
    await client.close();
    expect(server.mismatches).toEqual([]);
    expect(server.completed).toBe(true);
  });

  scenario("originate-sync-fail", async () => {
    const server = replay("originate-sync-fail");
    const client = clientOf(server);
    await client.connect();
    const sync = client
      .action("Originate", { Channel: "Local/nonexistent@nocontext", Application: "Wait", Data: "1" })
      .catch((e) => e);
    const async = client
      .action("Originate", {
        Channel: "Local/nonexistent@nocontext",
        Application: "Wait",
        Data: "1",
        Async: "true",
      })
      .catch((e) => e);
    expect((await sync).message).toBe("Originate failed");
    expect((await async).Message).toBe("Originate successfully queued");
    expect(server.mismatches).toEqual([]);

    // The same failing async Originate through originate(): the OriginateResponse says Failure.
    const again = replay("originate-sync-fail", { match: "action" });
    const second = clientOf(again);
    await second.connect();
    const first = second.action("Originate", {
      Channel: "Local/nonexistent@nocontext",
      Application: "Wait",
      Data: "1",
    });
    const failure = await second
      .originate({ Channel: "Local/nonexistent@nocontext", Application: "Wait", Data: "1" })
      .catch((e) => e);
    await first.catch(() => {});
    expect(failure).toMatchObject({ name: "AmiOriginateError", reason: "0" });
    expect(failure.event.Channel).toBe("Local/nonexistent@nocontext");
  });

  scenario("originate-call", async () => {
    const server = replay("originate-call", { match: "action" });
    const client = clientOf(server);
    const events = collect(client.events$);
    await client.connect();
    const outcome = await client.originate({
      Channel: "Local/wait@test",
      Application: "Wait",
      Data: "2",
      CallerID: '"Иван Петров" <1001>',
      Variable: ["FOO=bar", "BAZ=qux=1"],
      ChannelId: "chan-orig-1",
    });
    expect(outcome).toMatchObject({
      Event: "OriginateResponse",
      Response: "Success",
      Reason: "4",
      Uniqueid: "chan-orig-1",
    });
    await until(() => events.some((e) => e.UserEvent === "TestUser"), "the dialplan's UserEvent");
    const [channels, status, getvar, setvar, global] = await Promise.all([
      client.list("CoreShowChannels"),
      client.list("Status"),
      client.action("Getvar", { Channel: "Local/wait@test-00000000;1", Variable: "FOO" }).catch((e) => e),
      client
        .action("Setvar", { Channel: "Local/wait@test-00000000;1", Variable: "NEWVAR", Value: "héllo wörld" })
        .catch((e) => e),
      client.action("Getvar", { Variable: "NOTSET" }),
    ]);
    expect(channels.events.map((e) => e.Channel)).toEqual([
      "Local/wait@test-00000002;2",
      "Local/wait@test-00000002;1",
    ]);
    expect(channels.events[0]?.CallerIDName).toBe("Иван Петров");
    expect(channels.complete?.ListItems).toBe("2");
    expect(status.events.map((e) => e.Event)).toEqual(["Status", "Status"]);
    expect(status.complete?.Event).toBe("StatusComplete");
    expect(getvar).toBeInstanceOf(AmiActionError);
    expect(setvar).toBeInstanceOf(AmiActionError);
    expect(global.Response).toBe("Success");
    await until(() => events.filter((e) => e.Event === "Hangup").length === 2, "both Hangups");
    // No list item reached events$; the OriginateResponse did.
    expect(events.some((e) => e.Event === "CoreShowChannel" || e.Event === "Status")).toBe(false);
    expect(events.filter((e) => e.Event === "OriginateResponse")).toEqual([outcome]);
    expect(events.find((e) => e.Event === "UserEvent")?.Header2).toBe("мир");
    expect(server.mismatches).toEqual([]);
  });

  scenario("call-burst", async () => {
    // 200 pipelined async Originates in ~2 MB of real interleaved traffic: each one is sent exactly as
    // recorded, and each is matched to its own OriginateResponse.
    const server = replay("call-burst", { match: "fields" });
    const client = clientOf(server);
    let eventCount = 0;
    client.events$.subscribe(() => {
      eventCount += 1;
    });
    await client.connect();
    const originates = Array.from({ length: 200 }, (_, n) =>
      client.action("Originate", {
        Channel: "Local/wait@test",
        Application: "Wait",
        Data: "0.5",
        Async: "true",
        CallerID: `"Caller ${n}" <${2000 + n}>`,
        Variable: `IDX=${n}`,
      }),
    );
    const answers = await Promise.all(originates);
    expect(new Set(answers.map((a) => a.ActionID)).size).toBe(200);
    expect(answers.every((a) => a.Message === "Originate successfully queued")).toBe(true);
    await until(() => server.completed, "the whole recording", 10_000);
    expect(eventCount).toBeGreaterThan(5000);
    expect(server.mismatches).toEqual([]);
    expect(client.pendingActions).toBe(0);

    // The same burst through originate(): every promise resolves with the OriginateResponse of its call.
    const again = replay("call-burst", { match: "action" });
    const second = clientOf(again);
    await second.connect();
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        second.originate({
          Channel: "Local/wait@test",
          Application: "Wait",
          Data: "0.5",
          CallerID: `"Caller ${n}" <${2000 + n}>`,
          Variable: `IDX=${n}`,
        }),
      ),
    );
    const sentIds = new Set(outcomes.map((o) => o.ActionID));
    expect(sentIds.size).toBe(200);
    expect(outcomes.every((o) => o.Event === "OriginateResponse" && o.Response === "Success")).toBe(true);
    expect(outcomes.map((o) => o.CallerIDNum)).toEqual(
      Array.from({ length: 200 }, (_, n) => String(2000 + n)),
    );
    expect(again.mismatches).toEqual([]);
  });

  it("covers every shared transcript, with the two live-state files", () => {
    expect([...covered, ...callTranscripts, ...serviceTranscripts].sort()).toEqual(transcriptNames());
  });
});
