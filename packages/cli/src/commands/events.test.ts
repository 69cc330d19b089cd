import { describe, expect, it } from "vitest";
import { eventually, urlOf, useQuietSimulation } from "../test-support/fake-server.ts";
import { finished, startBinary, waitForOutput } from "../test-support/run-binary.ts";

const simulation = useQuietSimulation();

/** Waits until the fake has a logged-in session for a child, so emitted events reach it. */
async function loggedIn(before: number): Promise<void> {
  await eventually(
    () => simulation().fake.sessions.filter((session) => session.authenticated).length > before,
  );
}
const authenticatedCount = () => simulation().fake.sessions.filter((session) => session.authenticated).length;

describe("amikit events", () => {
  it("prints live events as NDJSON and stops after --count", async () => {
    const before = authenticatedCount();
    const child = startBinary([
      "events",
      "--json",
      "--count",
      "3",
      "--filter",
      "Newchannel,Hangup",
      "--url",
      urlOf(simulation()),
    ]);
    await loggedIn(before);
    const caller = simulation().simulator.placeCall({ from: "alice", to: "bob", outcome: "answered" });
    await eventually(() => simulation().simulator.channels().length === 2);
    simulation().simulator.hangup(caller.name);
    const result = await finished(child);
    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.map((event) => event.Event)).toEqual(["Newchannel", "Newchannel", "Hangup"]);
    expect(events[0]).toMatchObject({ Channel: caller.name, CallerIDNum: "1001", Linkedid: caller.uniqueid });
  });

  it("prints readable blocks until Ctrl-C, then exits 0", async () => {
    const before = authenticatedCount();
    const child = startBinary(["events", "--url", urlOf(simulation())]);
    await loggedIn(before);
    simulation().fake.emit({
      Event: "UserEvent",
      Privilege: "user,all",
      UserEvent: "Hello",
      Greeting: "мир",
    });
    await waitForOutput(child, /Greeting: мир\n/);
    child.kill("SIGINT");
    const result = await finished(child);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Event: UserEvent\nPrivilege: user,all\nUserEvent: Hello\nGreeting: мир\n\n",
    );
    expect(result.stderr).toMatch(/connected to admin@127\.0\.0\.1:\d+; showing all events until Ctrl-C/);
  });

  it("warns about an event name the definitions do not know", async () => {
    const child = startBinary([
      "events",
      "--filter",
      "Hangpu,newchannel",
      "--count",
      "0",
      "--url",
      urlOf(simulation()),
    ]);
    const result = await finished(child);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no event "Hangpu" in the Asterisk definitions (did you mean Hangup');
    // The note names known events as Asterisk spells them, and says when it stops.
    expect(result.stderr).toMatch(
      /; showing Hangpu, Newchannel; exiting after 0 \(Ctrl-C to stop sooner\)\n/,
    );
  });
});
