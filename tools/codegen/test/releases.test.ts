import { readFileSync } from "node:fs";
import { describeWithAsteriskDocs } from "@amikit/test-support/vitest";
import { describe, expect, it } from "vitest";
import { overrides } from "../overrides.ts";
import { buildVersionModel } from "../src/build-model.ts";
import { loadDocument } from "../src/load.ts";
import { fixtureInput, fixtureReleases, noOverrides, releases, versionModel, xmlText } from "./support.ts";

/**
 * Counts straight from the XML text with a tag scanner (no XML parser, no include resolution):
 * `<manager>` elements, distinct action names, top-level event names and event names that occur
 * only inside some action's `<responses>`.
 */
function independentCounts(xml: string) {
  const tag = /<(\/?)(manager|managerEvent)\b([^>]*?)(\/?)>/g;
  const stack: string[] = [];
  let managerElements = 0;
  const actions = new Set<string>();
  const topLevel = new Set<string>();
  const nested = new Set<string>();
  for (const match of xml.matchAll(tag)) {
    const [, closing, name = "", attributes = "", selfClosing] = match;
    if (closing) {
      stack.pop();
      continue;
    }
    const eventName = /\bname="([^"]*)"/.exec(attributes)?.[1] ?? "";
    if (name === "manager") {
      managerElements++;
      actions.add(eventName);
    } else if (stack.includes("manager")) {
      nested.add(eventName);
    } else {
      topLevel.add(eventName);
    }
    if (!selfClosing) stack.push(name);
  }
  const responsesOnly = [...nested].filter((n) => !topLevel.has(n));
  return {
    managerElements,
    distinctActions: actions.size,
    topLevelEvents: topLevel.size,
    responsesOnlyEvents: responsesOnly.length,
    distinctEvents: topLevel.size + responsesOnly.length,
  };
}

describe("counts of the fixture documentation", () => {
  it.each(fixtureReleases)("%s: the generator's counts equal a plain scan of the XML", (version) => {
    const input = fixtureInput(version);
    const { raw, templates } = loadDocument(input);
    const model = buildVersionModel(version, raw, templates, noOverrides);
    expect(model.counts).toMatchObject(independentCounts(readFileSync(input.xmlPath, "utf8")));
    expect(model.counts).toMatchObject({
      distinctActions: version === "1.0.0" ? 3 : 4,
      responsesOnlyEvents: 1,
    });
    expect(model.actions.size).toBe(model.counts.distinctActions);
    expect(model.events.size).toBe(model.counts.distinctEvents);
    expect(model.warnings).toEqual([]);
  });
});

describeWithAsteriskDocs("counts per release", () => {
  it("finds all five releases", () => {
    expect(releases).toEqual(["18.26.4", "20.20.1", "21.12.3", "22.10.1", "23.4.1"]);
  });

  it("22.10.1 documents 154 actions and 181 events (171 top-level + 10 only in responses)", () => {
    const counts = versionModel("22.10.1").counts;
    expect(counts).toMatchObject({
      distinctActions: 154,
      distinctEvents: 181,
      topLevelEvents: 171,
      responsesOnlyEvents: 10,
    });
  });

  it.each(releases)("%s: the generator's counts equal a plain scan of the XML", (version) => {
    const model = versionModel(version);
    expect(model.counts).toMatchObject(independentCounts(xmlText(version)));
    expect(model.actions.size).toBe(model.counts.distinctActions);
    const undocumentedInUse = [...model.events.values()].filter((e) => !e.documented).length;
    expect(model.events.size).toBe(model.counts.distinctEvents + undocumentedInUse);
  });

  it.each(releases)("%s: every include resolves and every list override finds its events", (version) => {
    expect(versionModel(version).warnings).toEqual([]);
  });
});

describeWithAsteriskDocs("overrides against every release", () => {
  const models = releases.map(versionModel);
  const hasAction = (name: string) => models.some((m) => m.actions.has(name));
  const hasEvent = (name: string) => models.some((m) => m.events.has(name));
  const eventHeaders = (event: string) =>
    new Set(models.flatMap((m) => m.events.get(event)?.headers.map((h) => h.name) ?? []));

  it("every override names something that exists in at least one release (no dead entries)", () => {
    const dead: string[] = [];
    for (const o of overrides.listActions) if (!hasAction(o.action)) dead.push(`listActions ${o.action}`);
    for (const o of overrides.presence) {
      for (const h of o.headers) if (!eventHeaders(o.event).has(h)) dead.push(`presence ${o.event}.${h}`);
    }
    for (const o of overrides.optionalSnapshots) {
      const touched = models.some((m) =>
        m.events
          .get(o.event)
          ?.headers.some(
            (h) => h.snapshot?.template === o.snapshot.template && h.snapshot.prefix === o.snapshot.prefix,
          ),
      );
      if (!touched) dead.push(`optionalSnapshots ${o.event}`);
    }
    for (const o of overrides.extraHeaders) if (!hasEvent(o.event)) dead.push(`extraHeaders ${o.event}`);
    for (const o of overrides.multiValueParams) {
      if (!models.some((m) => m.actions.get(o.action)?.params.some((p) => p.name === o.param))) {
        dead.push(`multiValueParams ${o.action}.${o.param}`);
      }
    }
    for (const o of overrides.openEnumParams) {
      if (!models.some((m) => m.actions.get(o.action)?.params.some((p) => p.name === o.param))) {
        dead.push(`openEnumParams ${o.action}.${o.param}`);
      }
    }
    for (const o of overrides.openActions) if (!hasAction(o.name)) dead.push(`openActions ${o.name}`);
    for (const o of overrides.openEvents) if (!hasEvent(o.name)) dead.push(`openEvents ${o.name}`);
    for (const o of overrides.responseHeaders)
      if (!hasAction(o.action)) dead.push(`responseHeaders ${o.action}`);
    for (const o of overrides.renamedEvents) {
      if (!releases.some((v) => xmlText(v).includes(`name="${o.from}"`)))
        dead.push(`renamedEvents ${o.from}`);
    }
    for (const o of overrides.renamedHeaders) {
      const renamed = models.some((m) =>
        m.events.get(o.event)?.headers.some((h) => h.name === o.to && h.source === "override"),
      );
      if (!renamed) dead.push(`renamedHeaders ${o.event}.${o.from}`);
    }
    const listed = new Set(overrides.listActions.flatMap((o) => [...o.listItemEvents, o.completeEvent]));
    for (const o of overrides.undocumentedEvents)
      if (!listed.has(o.event)) dead.push(`undocumentedEvents ${o.event}`);
    expect(dead).toEqual([]);
  });
});

describe("overrides", () => {
  it("every override carries a reason", () => {
    const all = Object.values(overrides).flat() as { reason?: string }[];
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((o) => (o.reason ?? "").length < 10)).toEqual([]);
  });
});
