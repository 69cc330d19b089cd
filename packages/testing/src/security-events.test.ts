// The security events a real Asterisk 22 raises for failed logins and refused requests. None of these is in
// the recordings (the failing session cannot read them, and no recorded session read security while another
// one failed), so each shape below is asserted as main/manager.c and main/security_events.c produce it:
// the reporter functions (report_invalid_user, report_inval_password, report_failed_challenge_response,
// report_req_not_allowed, report_req_bad_format) fill the IEs, security_event_to_ami_blob() writes the
// `sec_events[]` table's required IEs, then its optional IEs, in table order.
import { createHash } from "node:crypto";
import type { AmiPacket } from "@amikit/codec";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeAsterisk, type FakeAsterisk } from "./index.ts";
import { WireClient } from "./test-support/wire-client.ts";

let fake: FakeAsterisk;
afterEach(() => fake?.close());

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const TV = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
const EPOCH = "1970-01-01T00:00:00.000+0000";

/** A logged-in admin session that reads `security`, and a second connection whose events it watches. */
async function watcherAndIntruder(options: Parameters<typeof createFakeAsterisk>[0] = {}) {
  fake = createFakeAsterisk({ authFailureDelay: 0, ...options });
  const watcher = await WireClient.memory(fake.transport());
  await watcher.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "amipass" });
  await watcher.until(() => watcher.packets.some((p) => p.name === "SuccessfulAuth"));
  const intruder = await WireClient.memory(fake.transport());
  await intruder.packetCount(1);
  const intruderSession = fake.sessions[1];
  if (intruderSession === undefined) throw new Error("no intruder session");
  return { watcher, intruder, intruderSession };
}

async function nextEvent(watcher: WireClient, name: string): Promise<AmiPacket> {
  await watcher.until(() => watcher.packets.some((p) => p.name === name));
  return watcher.packets.find((p) => p.name === name) as AmiPacket;
}

/** The packet's fields with the time values checked and replaced by `<tv>` (unless they are the epoch). */
function shape(packet: AmiPacket): [string, string][] {
  return packet.fields.map(([key, value]) => {
    if ((key === "EventTV" || key === "SessionTV") && value !== EPOCH) {
      expect(value).toMatch(TV);
      return [key, "<tv>"];
    }
    return [key, value];
  });
}

function addresses(session: { sessionId: string; remotePort: number }): [string, string][] {
  return [
    ["SessionID", session.sessionId],
    ["LocalAddress", "IPV4/TCP/127.0.0.1/5038"],
    ["RemoteAddress", `IPV4/TCP/127.0.0.1/${session.remotePort}`],
  ];
}

describe("security events (main/security_events.c sec_events[], main/manager.c reporters)", () => {
  it("unknown user → InvalidAccountID (report_invalid_user), AccountID as sent, SessionTV the zeroed sessionstart_tv", async () => {
    const { watcher, intruder, intruderSession } = await watcherAndIntruder();
    await intruder.action({ Action: "Login", ActionID: "x", Username: "nobody", Secret: "x" });
    expect((await intruder.response("x")).get("Message")).toBe("Authentication failed");
    expect(shape(await nextEvent(watcher, "InvalidAccountID"))).toEqual([
      ["Event", "InvalidAccountID"],
      ["Privilege", "security,all"],
      ["EventTV", "<tv>"],
      ["Severity", "Error"],
      ["Service", "AMI"],
      ["EventVersion", "1"],
      ["AccountID", "nobody"],
      ...addresses(intruderSession),
      ["SessionTV", EPOCH],
    ]);
    expect(watcher.packets.some((p) => p.name === "InvalidPassword")).toBe(false);
  });

  it("known user, wrong plain Secret → InvalidPassword (report_inval_password), EventVersion 2", async () => {
    const { watcher, intruder, intruderSession } = await watcherAndIntruder();
    await intruder.action({ Action: "Login", ActionID: "x", Username: "admin", Secret: "wrong" });
    await intruder.closed;
    expect(shape(await nextEvent(watcher, "InvalidPassword"))).toEqual([
      ["Event", "InvalidPassword"],
      ["Privilege", "security,all"],
      ["EventTV", "<tv>"],
      ["Severity", "Error"],
      ["Service", "AMI"],
      ["EventVersion", "2"],
      ["AccountID", "admin"],
      ...addresses(intruderSession),
      ["SessionTV", EPOCH],
    ]);
  });

  it("any AuthType but MD5 is a plain Secret login (authenticate() only special-cases MD5)", async () => {
    fake = createFakeAsterisk();
    const client = await WireClient.memory(fake.transport());
    await client.action({
      Action: "Login",
      ActionID: "l",
      AuthType: "foo",
      Username: "admin",
      Secret: "amipass",
    });
    expect((await client.response("l")).get("Message")).toBe("Authentication accepted");
  });

  it("wrong md5 Key → ChallengeResponseFailed (report_failed_challenge_response), AccountID empty, not InvalidPassword", async () => {
    const { watcher, intruder, intruderSession } = await watcherAndIntruder({ challenge: "424242" });
    await intruder.action({ Action: "Challenge", ActionID: "c", AuthType: "MD5" });
    await intruder.response("c");
    const wrong = md5("424242nope");
    await intruder.action({ Action: "Login", ActionID: "x", AuthType: "MD5", Username: "admin", Key: wrong });
    expect((await intruder.response("x")).get("Message")).toBe("Authentication failed");
    expect(shape(await nextEvent(watcher, "ChallengeResponseFailed"))).toEqual([
      ["Event", "ChallengeResponseFailed"],
      ["Privilege", "security,all"],
      ["EventTV", "<tv>"],
      ["Severity", "Error"],
      ["Service", "AMI"],
      ["EventVersion", "1"],
      ["AccountID", ""],
      ...addresses(intruderSession),
      ["Challenge", "424242"],
      ["Response", wrong],
      ["ExpectedResponse", md5("424242amipass")],
      ["SessionTV", EPOCH],
    ]);
    expect(watcher.packets.some((p) => p.name === "InvalidPassword")).toBe(false);
  });

  it("md5 Key compares case-sensitively (strcmp against lowercase hex)", async () => {
    fake = createFakeAsterisk({ challenge: "7", authFailureDelay: 0 });
    const client = await WireClient.memory(fake.transport());
    await client.action({ Action: "Challenge", ActionID: "c", AuthType: "MD5" });
    await client.response("c");
    const key = md5("7amipass").toUpperCase();
    await client.action({ Action: "Login", ActionID: "l", AuthType: "MD5", Username: "admin", Key: key });
    expect((await client.response("l")).get("Message")).toBe("Authentication failed");
  });

  it("no Username, or md5 without a Challenge: Authentication failed and no security event", async () => {
    const { watcher, intruder } = await watcherAndIntruder();
    await intruder.action({ Action: "Login", ActionID: "x", Secret: "x" });
    expect((await intruder.response("x")).get("Message")).toBe("Authentication failed");
    const second = await WireClient.memory(fake.transport());
    await second.action({ Action: "Login", ActionID: "y", AuthType: "MD5", Username: "admin", Key: "abc" });
    expect((await second.response("y")).get("Message")).toBe("Authentication failed");
    await second.closed;
    await watcher.action({ Action: "Ping", ActionID: "p" });
    await watcher.response("p");
    const names = watcher.packets.map((p) => p.name);
    expect(names.filter((n) => /Invalid|Challenge|Request/.test(n ?? ""))).toEqual([]);
  });

  it("an action before login → RequestNotAllowed (process_message), AccountID empty and required (after EventVersion)", async () => {
    const { watcher, intruder, intruderSession } = await watcherAndIntruder();
    await intruder.action({ Action: "Ping", ActionID: "p" });
    expect((await intruder.response("p")).get("Message")).toBe("Permission denied");
    expect(shape(await nextEvent(watcher, "RequestNotAllowed"))).toEqual([
      ["Event", "RequestNotAllowed"],
      ["Privilege", "security,all"],
      ["EventTV", "<tv>"],
      ["Severity", "Error"],
      ["Service", "AMI"],
      ["EventVersion", "1"],
      ["AccountID", ""],
      ...addresses(intruderSession),
      ["RequestType", "Action: Ping"],
      ["SessionTV", EPOCH],
    ]);
  });

  it("an action outside the write classes → RequestNotAllowed with the user and its login time", async () => {
    fake = createFakeAsterisk({
      users: {
        admin: { secret: "amipass", read: "all", write: "all" },
        reader: { secret: "readpass", read: "call,system", write: "system" },
      },
    });
    const watcher = await WireClient.memory(fake.transport());
    await watcher.action({ Action: "Login", ActionID: "l", Username: "admin", Secret: "amipass" });
    await watcher.until(() => watcher.packets.some((p) => p.name === "SuccessfulAuth"));
    const reader = await WireClient.memory(fake.transport());
    await reader.action({ Action: "Login", ActionID: "l", Username: "reader", Secret: "readpass" });
    await reader.response("l");
    await reader.action({
      Action: "Originate",
      ActionID: "o",
      Channel: "Local/quick@test",
      Application: "Echo",
    });
    expect((await reader.response("o")).get("Message")).toBe("Permission denied");
    const session = fake.sessions[1];
    if (session === undefined) throw new Error("no reader session");
    expect(shape(await nextEvent(watcher, "RequestNotAllowed"))).toEqual([
      ["Event", "RequestNotAllowed"],
      ["Privilege", "security,all"],
      ["EventTV", "<tv>"],
      ["Severity", "Error"],
      ["Service", "AMI"],
      ["EventVersion", "1"],
      ["AccountID", "reader"],
      ...addresses(session),
      ["RequestType", "Action: Originate"],
      ["SessionTV", "<tv>"],
    ]);
  });

  it("a packet without Action before login → RequestBadFormat with AccountID last and empty", async () => {
    const { watcher, intruder, intruderSession } = await watcherAndIntruder();
    await intruder.send("ActionID: n\r\n\r\n");
    expect((await intruder.response("n")).get("Message")).toBe("Missing action in request");
    expect(shape(await nextEvent(watcher, "RequestBadFormat"))).toEqual([
      ["Event", "RequestBadFormat"],
      ["Privilege", "security,all"],
      ["EventTV", "<tv>"],
      ["Severity", "Error"],
      ["Service", "AMI"],
      ["EventVersion", "1"],
      ...addresses(intruderSession),
      ["RequestType", "Action: NONE"],
      ["SessionTV", EPOCH],
      ["AccountID", ""],
    ]);
  });
});
