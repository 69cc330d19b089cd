import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeWithAsteriskDocs } from "@amikit/test-support/vitest";
import { describe, expect, it } from "vitest";
import { applyTemplate, readTemplates, TemplateError } from "../src/expand-templates.ts";
import { readHeaders } from "../src/extract.ts";
import { parseXml } from "../src/read-xml.ts";
import { fixtureDocsDir, releaseDir } from "./support.ts";

/** The field suffixes of one template, read from the stylesheet text with a plain regex (independent of the interpreter). */
function suffixesByRegex(xslt: string, template: string): string[] {
  const start = xslt.indexOf(`<xsl:template match="${template}">`);
  const body = xslt.slice(start, xslt.indexOf("</xsl:template>", start));
  const names = /<xsl:attribute name="name">\s*<xsl:value-of select="concat\(@prefix,\s*'(\w+)'\)"/g;
  return [...body.matchAll(names)].map((m) => m[1] ?? "");
}

/** The expansion tests, on the stylesheet at `path` (whose snapshot templates have more than `minimumFields` fields). */
function stylesheetTests(path: string, minimumFields: number): void {
  const xslt = readFileSync(path, "utf8");
  const templates = readTemplates(parseXml(xslt));

  it.each(["channel_snapshot", "bridge_snapshot"])(
    "%s expands to the stylesheet's fields, prefixed",
    (template) => {
      const expected = suffixesByRegex(xslt, template);
      expect(expected.length).toBeGreaterThan(minimumFields);
      const headers = readHeaders(templates, [
        { name: template, attributes: { prefix: "Dest" }, children: [] },
      ]);
      expect(headers.map((h) => h.name)).toEqual(expected.map((suffix) => `Dest${suffix}`));
      expect(headers.every((h) => h.snapshot?.template === template && h.snapshot.prefix === "Dest")).toBe(
        true,
      );
    },
  );

  it("keeps the stylesheet's enums and required=false marks", () => {
    const channel = readHeaders(templates, [{ name: "channel_snapshot", attributes: {}, children: [] }]);
    expect(channel.find((h) => h.name === "ChannelStateDesc")?.enumValues).toContain("Up");
    expect(channel.every((h) => h.presence === "present")).toBe(true);
    const bridge = readHeaders(templates, [{ name: "bridge_snapshot", attributes: {}, children: [] }]);
    expect(bridge.find((h) => h.name === "BridgeVideoSource")?.presence).toBe("optional");
    expect(bridge.find((h) => h.name === "BridgeUniqueid")?.presence).toBe("present");
  });
}

describe("the fixture's appdocsxml.xslt", () =>
  stylesheetTests(join(fixtureDocsDir, "1.0.0", "appdocsxml.xslt"), 2));

describeWithAsteriskDocs("appdocsxml.xslt of every release", (docs) => {
  describe.each(docs.releases)("%s", (version) =>
    stylesheetTests(join(releaseDir(version), "appdocsxml.xslt"), 5),
  );
});

describe("the stylesheet interpreter", () => {
  it("reports instructions it does not understand", () => {
    const templates = readTemplates(
      parseXml(
        `<xsl:stylesheet><xsl:template match="odd"><xsl:call-template name="x"/></xsl:template></xsl:stylesheet>`,
      ),
    );
    expect(() => applyTemplate(templates, { name: "odd", attributes: {}, children: [] })).toThrow(
      TemplateError,
    );
  });

  it("leaves elements without a template alone", () => {
    const templates = readTemplates(parseXml(`<xsl:stylesheet></xsl:stylesheet>`));
    expect(applyTemplate(templates, { name: "parameter", attributes: {}, children: [] })).toBeUndefined();
  });
});
