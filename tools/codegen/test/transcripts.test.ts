import { clientPackets, type HeaderPairs, serverPackets, transcriptNames } from "@amikit/test-support";
import { describeWithAsteriskDocs } from "@amikit/test-support/vitest";
import { expect, it } from "vitest";
import { conformanceMismatches, type EventShape, transcriptPackets, versionModel } from "./support.ts";

describeWithAsteriskDocs("real Asterisk 22.10.1 traffic against the exact 22.10.1 model", () => {
  const model = versionModel("22.10.1");
  const shapeOf = (event: string): EventShape | undefined => {
    const found = model.events.get(event);
    if (found === undefined) return undefined;
    return {
      headers: new Set(found.headers.map((h) => h.name)),
      present: new Set(found.headers.filter((h) => h.presence === "present").map((h) => h.name)),
      open: found.open,
    };
  };
  const packets = transcriptPackets();

  it("every documented event has only known headers and every header typed present", () => {
    const { mismatches, checked } = conformanceMismatches(packets, shapeOf);
    expect(checked).toBeGreaterThan(5000);
    expect(mismatches).toEqual([]);
  });

  it("every event name in the transcripts is known to the model", () => {
    const names = new Set(packets.flatMap((p) => p.headers.filter(([h]) => h === "Event").map(([, v]) => v)));
    expect([...names].filter((name) => !model.events.has(name))).toEqual([]);
  });

  it("would report a header the type does not know and a present header that is missing", () => {
    const newchannel = packets.find((p) => p.headers.some(([h, v]) => h === "Event" && v === "Newchannel"));
    expect(newchannel).toBeDefined();
    const tampered = {
      file: "tampered",
      headers: [...(newchannel?.headers ?? []).filter(([h]) => h !== "Uniqueid"), ["Bogus", "1"] as const],
    };
    expect(conformanceMismatches([tampered], shapeOf).mismatches).toEqual([
      "Newchannel: header Bogus is not in the type (tampered)",
      "Newchannel: header Uniqueid is typed present but missing (tampered)",
    ]);
  });
});

describeWithAsteriskDocs("list actions in real traffic", () => {
  const model = versionModel("22.10.1");

  /** Events answering each action of the transcripts, matched by ActionID: `Action → Event (EventList)`. */
  function answeredEvents(): Map<string, Set<string>> {
    const answers = new Map<string, Set<string>>();
    for (const name of transcriptNames()) {
      const blocks = (packets: HeaderPairs[]) =>
        packets.map((pairs) => new Map(pairs.map(([header, value]) => [header.toLowerCase(), value.trim()])));
      const streams = { c2s: clientPackets(name), s2c: serverPackets(name) };
      const actions = new Map<string, string>();
      for (const h of blocks(streams.c2s)) {
        const [action, id] = [h.get("action"), h.get("actionid")];
        if (action !== undefined && id !== undefined) actions.set(id, action);
      }
      for (const h of blocks(streams.s2c)) {
        const action = actions.get(h.get("actionid") ?? "");
        const event = h.get("event");
        if (action === undefined || event === undefined) continue;
        const set = answers.get(action) ?? new Set<string>();
        set.add(`${event} (${h.get("eventlist") ?? "-"})`);
        answers.set(action, set);
      }
    }
    return answers;
  }

  it("every list the transcripts show is typed with its item and completing events", () => {
    const answers = answeredEvents();
    expect(Object.fromEntries([...answers].map(([a, events]) => [a, [...events].sort()]))).toEqual({
      BridgeInfo: ["BridgeInfoChannel (-)", "BridgeInfoComplete (Complete)"],
      BridgeList: ["BridgeListComplete (Complete)", "BridgeListItem (-)"],
      ConfbridgeList: ["ConfbridgeList (-)", "ConfbridgeListComplete (Complete)"],
      ConfbridgeListRooms: ["ConfbridgeListRooms (-)", "ConfbridgeListRoomsComplete (Complete)"],
      CoreShowChannels: ["CoreShowChannel (-)", "CoreShowChannelsComplete (Complete)"],
      DeviceStateList: ["DeviceStateChange (-)", "DeviceStateListComplete (Complete)"],
      ExtensionStateList: ["ExtensionStateListComplete (Complete)", "ExtensionStatus (-)"],
      Originate: ["OriginateResponse (-)"],
      ParkedCalls: ["ParkedCall (-)", "ParkedCallsComplete (Complete)"],
      Parkinglots: ["Parkinglot (-)", "ParkinglotsComplete (Complete)"],
      PresenceStateList: ["PresenceStateChange (-)", "PresenceStateListComplete (Complete)"],
      QueueStatus: ["QueueEntry (-)", "QueueMember (-)", "QueueParams (-)", "QueueStatusComplete (Complete)"],
      QueueSummary: ["QueueSummary (-)", "QueueSummaryComplete (Complete)"],
      Status: ["Status (-)", "StatusComplete (Complete)"],
      UserEvent: ["UserEvent (-)"],
    });
    for (const [action, events] of answers) {
      const meta = model.actions.get(action);
      const complete = [...events].filter((e) => e.endsWith("(Complete)")).map((e) => e.split(" ")[0]);
      const items = [...events].filter((e) => !e.endsWith("(Complete)")).map((e) => e.split(" ")[0]);
      if (complete.length === 0) {
        expect(meta?.completeEvent, action).toBeUndefined();
        continue;
      }
      expect([meta?.completeEvent], action).toEqual(complete);
      for (const item of items) expect(meta?.listItemEvents, action).toContain(item);
    }
  });
});
