import { describe, expect, it } from "vitest";
import { childElements, firstChild, parseXml, textContent, type XmlElement } from "../src/read-xml.ts";
import {
  evaluateXPointer,
  IncludeResolutionError,
  parseXPointer,
  resolveIncludes,
} from "../src/resolve-includes.ts";

const document = parseXml(`<?xml version="1.0"?>
<docs xmlns:xi="http://www.w3.org/2001/XInclude">
  <manager name="Login">
    <syntax>
      <parameter name="ActionID"><para>first</para><para>second</para></parameter>
      <parameter name="Username" required="true"/>
    </syntax>
  </manager>
  <manager name="Originate">
    <syntax>
      <xi:include xpointer="xpointer(/docs/manager[@name='Login']/syntax/parameter[@name='ActionID'])" />
      <parameter name="Channel" required="true"/>
    </syntax>
  </manager>
  <managerEvent name="Report">
    <managerEventInstance class="EVENT_FLAG_CALL">
      <syntax>
        <parameter name="ReportA"/><parameter name="ReportB"/><parameter name="Other"/>
      </syntax>
    </managerEventInstance>
  </managerEvent>
  <managerEvent name="Uses">
    <managerEventInstance class="EVENT_FLAG_CALL">
      <syntax>
        <xi:include xpointer="xpointer(/docs/managerEvent[@name='Report']/managerEventInstance/syntax/parameter[contains(@name, 'Report')])" />
        <xi:include xpointer="xpointer(docs/manager[@name='Login']/syntax/parameter[@name='ActionID']/para[2])" />
        <xi:include xpointer="xpointer(/docs/manager[@name='Nope']/syntax/parameter)" />
      </syntax>
    </managerEventInstance>
  </managerEvent>
  <manager name="Loop"><syntax><xi:include xpointer="xpointer(/docs/manager[@name='Loop']/syntax)" /></syntax></manager>
</docs>`);

const docs = firstChild(document, "docs") as XmlElement;
const named = (kind: string, name: string): XmlElement =>
  childElements(docs, kind).find((e) => e.attributes.name === name) as XmlElement;
const names = (element: XmlElement): string[] =>
  childElements(firstChild(element, "syntax") as XmlElement).map((e) => e.attributes.name ?? e.name);

describe("xpointer evaluation", () => {
  it("selects by attribute, position, contains() and node()", () => {
    const byName = evaluateXPointer(
      document,
      "xpointer(/docs/manager[@name='Login']/syntax/parameter[@name='Username'])",
    );
    expect(byName.map((n) => (n as XmlElement).attributes.required)).toEqual(["true"]);
    const second = evaluateXPointer(
      document,
      "xpointer(/docs/manager[@name='Login']/syntax/parameter[1]/para[2])",
    );
    expect(second.map(textContent)).toEqual(["second"]);
    const contains = evaluateXPointer(
      document,
      "xpointer(/docs/managerEvent[@name='Report']/managerEventInstance/syntax/parameter[contains(@name, 'Report')])",
    );
    expect(contains.map((n) => (n as XmlElement).attributes.name)).toEqual(["ReportA", "ReportB"]);
    const text = evaluateXPointer(
      document,
      "xpointer(/docs/manager[@name='Login']/syntax/parameter[1]/para[1]/node())",
    );
    expect(text).toEqual(["first"]);
  });

  it("treats a path without a leading slash as starting at the document", () => {
    expect(evaluateXPointer(document, "xpointer(docs/manager[@name='Login'])")).toHaveLength(1);
  });

  it("rejects expressions outside the supported subset with a typed error", () => {
    expect(() => parseXPointer("element(/1/2)")).toThrow(IncludeResolutionError);
    expect(() => parseXPointer("xpointer(/docs/manager[last()])")).toThrow(/unsupported predicate/);
    expect(() => parseXPointer("xpointer(//manager)")).toThrow(/unsupported step/);
  });
});

describe("resolveIncludes", () => {
  it("replaces an include with the nodes it points at", () => {
    const originate = resolveIncludes(document, named("manager", "Originate"));
    expect(names(originate)).toEqual(["ActionID", "Channel"]);
    expect(names(named("manager", "Originate"))).toEqual(["xi:include", "Channel"]);
  });

  it("resolves several matches, text selections, and reports includes that match nothing", () => {
    const missing: string[] = [];
    const uses = resolveIncludes(document, named("managerEvent", "Uses"), (x) => missing.push(x));
    const syntax = firstChild(firstChild(uses, "managerEventInstance") as XmlElement, "syntax") as XmlElement;
    expect(childElements(syntax).map((e) => e.attributes.name ?? e.name)).toEqual([
      "ReportA",
      "ReportB",
      "para",
    ]);
    expect(missing).toEqual(["xpointer(/docs/manager[@name='Nope']/syntax/parameter)"]);
  });

  it("fails on an include cycle instead of recursing forever", () => {
    expect(() => resolveIncludes(document, named("manager", "Loop"))).toThrow(/cycle/);
  });
});
