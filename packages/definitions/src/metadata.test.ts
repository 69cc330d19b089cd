import { describe, expect, it } from "vitest";
import * as asterisk22 from "./asterisk-22.ts";
import { actionMetadata, eventMetadata, findAction, findEvent } from "./index.ts";

const RELEASES = ["18.26.4", "20.20.1", "21.12.3", "22.10.1", "23.4.1"];
const sorted = (values: readonly string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe("findAction / findEvent", () => {
  it("find actions by name, ignoring case as Asterisk does", () => {
    expect(findAction("originate")).toBe(actionMetadata.Originate);
    expect(findAction("ORIGINATE")?.name).toBe("Originate");
    expect(findAction("CoreShowChannels")?.listItemEvents).toEqual(["CoreShowChannel"]);
    expect(findAction("NoSuchAction")).toBeUndefined();
  });

  it("find events by name, ignoring case", () => {
    expect(findEvent("Newchannel")).toBe(eventMetadata.Newchannel);
    expect(findEvent("newexten")?.name).toBe("Newexten");
    expect(findEvent("NoSuchEvent")).toBeUndefined();
  });

  it("are re-exported by the per-release entry points", () => {
    expect(asterisk22.findAction("originate")?.name).toBe("Originate");
    expect(asterisk22.actionMetadata).toBe(actionMetadata);
  });
});

describe("action metadata", () => {
  const actions = Object.values(actionMetadata);

  it("describes Originate: required Channel, no ActionID, every release", () => {
    const originate = findAction("Originate");
    expect(originate?.requiredParams).toEqual(["Channel"]);
    expect(originate?.params).toContain("Variable");
    expect(originate?.versions).toEqual(RELEASES);
    expect(originate?.modules).toEqual(["builtin"]);
    expect(originate?.completeEvent).toBeUndefined();
  });

  it("has list shapes, from the XML and from the overrides", () => {
    expect(findAction("Status")).toMatchObject({
      listItemEvents: ["Status"],
      completeEvent: "StatusComplete",
    });
    expect(findAction("QueueStatus")).toMatchObject({
      listItemEvents: ["QueueEntry", "QueueMember", "QueueParams"],
      completeEvent: "QueueStatusComplete",
    });
    expect(findAction("ShowDialPlan")?.completeEvent).toBe("ShowDialPlanComplete");
    expect(findAction("DBGetTree")?.listItemEvents).toEqual(["DBGetTreeResponse"]);
  });

  it("records the releases that have an action", () => {
    expect(findAction("SIPpeers")?.versions).toEqual(["18.26.4", "20.20.1"]);
    expect(actions.filter((a) => a.versions.includes("22.10.1"))).toHaveLength(154);
    expect(actions.filter((a) => a.versions.includes("18.26.4"))).toHaveLength(167);
  });

  it("is sorted, consistent, and never lists ActionID", () => {
    expect(Object.keys(actionMetadata)).toEqual(sorted(Object.keys(actionMetadata)));
    for (const action of actions) {
      expect(action.params, action.name).toEqual(sorted(action.params));
      expect(action.params, action.name).not.toContain("ActionID");
      for (const required of action.requiredParams) expect(action.params, action.name).toContain(required);
      for (const event of [
        ...action.listItemEvents,
        ...(action.completeEvent ? [action.completeEvent] : []),
      ]) {
        expect(eventMetadata[event], `${action.name} → ${event}`).toBeDefined();
      }
      expect(action.listItemEvents.length > 0, action.name).toBe(action.completeEvent !== undefined);
    }
  });

  it("marks free-form actions", () => {
    expect(findAction("UserEvent")?.freeFormParams).toBe(true);
    expect(findAction("Originate")?.freeFormParams).toBe(false);
  });
});

describe("event metadata", () => {
  const events = Object.values(eventMetadata);

  it("describes Newchannel with the channel snapshot and the headers Asterisk adds", () => {
    const newchannel = findEvent("Newchannel");
    expect(newchannel?.requiredHeaders).toEqual(
      expect.arrayContaining(["Channel", "Uniqueid", "Linkedid", "Event", "Privilege"]),
    );
    expect(newchannel?.headers).toEqual(expect.arrayContaining(["SystemName", "Timestamp", "ChanVariable"]));
    expect(newchannel?.requiredHeaders).not.toContain("SystemName");
    expect(newchannel?.repeatableHeaders).toEqual(["ChanVariable"]);
    expect(newchannel?.privilege).toEqual(["call"]);
  });

  it("is sorted and consistent", () => {
    expect(Object.keys(eventMetadata)).toEqual(sorted(Object.keys(eventMetadata)));
    for (const event of events) {
      expect(event.headers, event.name).toEqual(sorted(event.headers));
      for (const required of event.requiredHeaders) expect(event.headers, event.name).toContain(required);
      expect(event.headers, event.name).toContain("Event");
    }
  });

  it("counts 181 documented events in 22.10.1", () => {
    const documented = events.filter((e) => e.documented && e.versions.includes("22.10.1"));
    expect(documented.length).toBeGreaterThanOrEqual(181);
    expect(events.filter((e) => !e.documented).every((e) => e.freeFormHeaders)).toBe(true);
  });
});
