import { describeWithAsteriskDocs } from "@amikit/test-support/vitest";
import { describe, expect, it } from "vitest";
import { type Overrides, overrides } from "../overrides.ts";
import { buildVersionModel } from "../src/build-model.ts";
import { readTemplates } from "../src/expand-templates.ts";
import { extractDocument } from "../src/extract.ts";
import { parseXml } from "../src/read-xml.ts";
import { noOverrides, versionModel } from "./support.ts";

const stylesheet = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="channel_snapshot">
    <xsl:element name="parameter"><xsl:attribute name="name"><xsl:value-of select="concat(@prefix,'Channel')"/></xsl:attribute></xsl:element>
    <xsl:element name="parameter"><xsl:attribute name="name"><xsl:value-of select="concat(@prefix,'Uniqueid')"/></xsl:attribute></xsl:element>
  </xsl:template>
</xsl:stylesheet>`;

function model(xml: string, fixes: Overrides = noOverrides) {
  const templates = readTemplates(parseXml(stylesheet));
  return buildVersionModel("1.0.0", extractDocument(parseXml(xml), templates), templates, fixes);
}

const fixture = `<docs xmlns:xi="http://www.w3.org/2001/XInclude">
  <manager name="Thing" module="mod_a">
    <syntax>
      <parameter name="ActionID"/>
      <parameter name="Mode" required="true"><enumlist><enum name="on"/><enum name="off"/></enumlist></parameter>
      <parameter name="Filter"><enumlist><enum name="&lt;pattern&gt;"/><enum name="all"/></enumlist></parameter>
      <parameter name="Extra" required="yes"/>
    </syntax>
    <responses>
      <list-elements><xi:include xpointer="xpointer(/docs/managerEvent[@name='Item'])" /></list-elements>
      <managerEvent name="ThingComplete"><managerEventInstance class="EVENT_FLAG_COMMAND">
        <syntax><parameter name="ListItems"/></syntax>
      </managerEventInstance></managerEvent>
    </responses>
  </manager>
  <manager name="Thing" module="mod_b">
    <syntax><parameter name="Mode" required="true"/></syntax>
  </manager>
  <managerEvent name="Item" module="mod_a">
    <managerEventInstance class="EVENT_FLAG_CALL">
      <syntax><channel_snapshot prefix="Dest"/><parameter name="Both"/><parameter name="OnlyHere"/><parameter name="Maybe" required="false"/></syntax>
    </managerEventInstance>
    <managerEventInstance class="EVENT_FLAG_SYSTEM" module="mod_b">
      <syntax><parameter name="Both"/></syntax>
    </managerEventInstance>
  </managerEvent>
  <managerEvent name="Plain"><managerEventInstance class="EVENT_FLAG_CALL"><syntax><channel_snapshot/></syntax></managerEventInstance></managerEvent>
</docs>`;

describe("merging what the XML documents", () => {
  const m = model(fixture);

  it("merges an action documented by two modules: required only where every definition requires it", () => {
    const thing = m.actions.get("Thing");
    expect(thing?.modules).toEqual(["mod_a", "mod_b"]);
    expect(thing?.params.map((p) => [p.name, p.required])).toEqual([
      ["Extra", false],
      ["Filter", false],
      ["Mode", true],
    ]);
    expect(thing?.params.find((p) => p.name === "Mode")?.enumValues).toEqual(["off", "on"]);
  });

  it("never lists ActionID as a parameter and marks descriptive enums open", () => {
    const thing = m.actions.get("Thing");
    expect(thing?.params.some((p) => p.name === "ActionID")).toBe(false);
    expect(thing?.params.find((p) => p.name === "Mode")?.enumOpen).toBe(false);
    expect(thing?.params.find((p) => p.name === "Filter")?.enumOpen).toBe(true);
  });

  it("reads list items and the completing event from <responses>", () => {
    expect(m.actions.get("Thing")).toMatchObject({
      listItemEvents: ["Item"],
      completeEvent: "ThingComplete",
    });
    expect(m.events.get("ThingComplete")?.responsesOnly).toBe(true);
    expect(m.events.get("Item")?.responsesOnly).toBe(false);
  });

  it("keeps every header of every instance; one missing from an instance becomes optional", () => {
    const item = m.events.get("Item");
    const presence = Object.fromEntries(item?.headers.map((h) => [h.name, h.presence]) ?? []);
    expect(presence).toMatchObject({
      Both: "present",
      OnlyHere: "optional",
      Maybe: "optional",
      DestChannel: "optional",
      DestChanVariable: "optional",
      Event: "present",
      Privilege: "optional",
      ActionID: "optional",
      SystemName: "optional",
      Timestamp: "optional",
    });
    expect(item?.privilege).toEqual(["call", "system"]);
    expect(item?.modules).toEqual(["mod_a", "mod_b"]);
  });

  it("types snapshot fields and undocumented-requirement headers present, and adds ChanVariable", () => {
    const plain = m.events.get("Plain");
    const byName = new Map(plain?.headers.map((h) => [h.name, h]));
    expect(byName.get("Channel")?.presence).toBe("present");
    expect(byName.get("Uniqueid")?.presence).toBe("present");
    expect(byName.get("Privilege")?.presence).toBe("present");
    expect(byName.get("ChanVariable")).toMatchObject({ presence: "optional", repeatable: true });
  });
});

describe("applying overrides", () => {
  it("renames, relaxes presence, adds list shapes and undocumented events", () => {
    const m = model(fixture, {
      ...noOverrides,
      renamedEvents: [{ from: "Plain", to: "PlainWire", reason: "wire spelling" }],
      presence: [{ event: "Item", headers: ["Both"], reason: "sometimes absent" }],
      optionalSnapshots: [
        { event: "PlainWire", snapshot: { template: "channel_snapshot", prefix: "" }, reason: "r" },
      ],
      undocumentedEvents: [
        { event: "OtherItem", module: "m", headers: [{ name: "Key", presence: "optional" }], reason: "r" },
      ],
      listActions: [
        { action: "Thing", listItemEvents: ["OtherItem"], completeEvent: "ThingComplete", reason: "r" },
      ],
    });
    expect(m.events.has("Plain")).toBe(false);
    expect(m.events.get("PlainWire")?.headers.find((h) => h.name === "Channel")?.presence).toBe("optional");
    expect(m.events.get("Item")?.headers.find((h) => h.name === "Both")).toMatchObject({
      presence: "optional",
      source: "override",
    });
    expect(m.events.get("OtherItem")).toMatchObject({ documented: false, open: true });
    // The XML already documents Thing's list, so the override does not replace it.
    expect(m.actions.get("Thing")?.listItemEvents).toEqual(["Item"]);
  });

  it("reports a list override whose events exist nowhere", () => {
    const m = model(fixture.replace(/<responses>[\s\S]*<\/responses>/, ""), {
      ...noOverrides,
      listActions: [
        { action: "Thing", listItemEvents: ["Ghost"], completeEvent: "GhostComplete", reason: "r" },
      ],
    });
    expect(m.warnings).toEqual(["list override for Thing names unknown events: Ghost, GhostComplete"]);
  });
});

describeWithAsteriskDocs("Asterisk 22.10.1 as generated", () => {
  const m = versionModel("22.10.1");

  it("Originate requires Channel, sends Variable several times and never lists ActionID", () => {
    const originate = m.actions.get("Originate");
    expect(originate?.params.filter((p) => p.required).map((p) => p.name)).toEqual(["Channel"]);
    expect(originate?.params.find((p) => p.name === "Variable")?.multiValue).toBe(true);
    expect([...m.actions.values()].some((a) => a.params.some((p) => p.name === "ActionID"))).toBe(false);
  });

  it("lists come from the XML and from overrides", () => {
    expect(m.actions.get("CoreShowChannels")).toMatchObject({
      listItemEvents: ["CoreShowChannel"],
      completeEvent: "CoreShowChannelsComplete",
    });
    expect(m.actions.get("QueueStatus")).toMatchObject({
      listItemEvents: ["QueueEntry", "QueueMember", "QueueParams"],
      completeEvent: "QueueStatusComplete",
    });
    expect(m.actions.get("ShowDialPlan")?.completeEvent).toBe("ShowDialPlanComplete");
  });

  it("uses the wire name Newexten and applies the known presence corrections", () => {
    expect(m.events.has("NewExten")).toBe(false);
    expect(m.events.get("Newexten")?.headers.find((h) => h.name === "Extension")).toBeDefined();
    expect(m.events.get("Hangup")?.headers.find((h) => h.name === "TechCause")?.presence).toBe("optional");
    const response = new Map(m.events.get("OriginateResponse")?.headers.map((h) => [h.name, h.presence]));
    expect([response.get("Context"), response.get("Exten"), response.get("Channel")]).toEqual([
      "optional",
      "optional",
      "present",
    ]);
  });

  it("expands bridge snapshots into BridgeEnter", () => {
    const names = m.events.get("BridgeEnter")?.headers.map((h) => h.name);
    expect(names).toEqual(
      expect.arrayContaining(["BridgeUniqueid", "BridgeType", "BridgeNumChannels", "Channel"]),
    );
  });

  it("applies the shipped overrides without warnings", () => {
    expect(overrides.listActions.length).toBeGreaterThan(20);
    expect(m.warnings).toEqual([]);
  });
});
