import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/run-cli.ts";
import { fixtureDocsDir } from "./support.ts";

const work = mkdtempSync(join(tmpdir(), "amikit-codegen-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A user's own small documentation file (a custom module), in a directory named like a release. */
const customDir = join(work, "16.2.0");
mkdirSync(customDir);
const customXml = join(customDir, "core-en_US.xml");
writeFileSync(
  customXml,
  `<?xml version="1.0" encoding="UTF-8"?>
<docs xmlns:xi="http://www.w3.org/2001/XInclude">
  <manager name="WidgetStatus" language="en_US" module="res_widget">
    <synopsis>Show widgets.</synopsis>
    <syntax>
      <parameter name="Widget" required="true"><para>Which widget to show.</para></parameter>
    </syntax>
  </manager>
  <managerEvent language="en_US" name="WidgetChanged" module="res_widget">
    <managerEventInstance class="EVENT_FLAG_SYSTEM">
      <syntax><channel_snapshot/><parameter name="Widget"/></syntax>
    </managerEventInstance>
  </managerEvent>
</docs>
`,
);
const xslt = join(fixtureDocsDir, "1.0.0", "appdocsxml.xslt");

function runIn(
  env: Record<string, string>,
  ...argv: string[]
): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = main(
    argv,
    {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    },
    env,
  );
  return { code, stdout, stderr };
}

/** Runs the command line with no AMIKIT_* variables set. */
function run(...argv: string[]): { code: number; stdout: string; stderr: string } {
  return runIn({}, ...argv);
}

describe("amikit-codegen on a user's own XML", () => {
  const out = join(work, "generated");
  const docs = join(work, "docs");
  const args = [customXml, "--xslt", xslt, "--out", out, "--docs", docs];

  it("writes types, metadata and pages; --check then passes", () => {
    const before = run(...args, "--check");
    expect(before.code).toBe(1);
    expect(before.stderr).toContain(join(out, "actions.ts"));
    expect(before.stderr).toContain(join(docs, "events", "WidgetChanged.md"));
    const written = run(...args);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(
      "16.2.0: 1 actions (1 <manager> elements), 1 events (1 top-level + 0 only in <responses>; 1 <managerEvent> elements)",
    );
    const events = readFileSync(join(out, "events.ts"), "utf8");
    expect(events).toContain("export interface WidgetChangedEvent extends ChannelSnapshot");
    expect(readFileSync(join(out, "actions.ts"), "utf8")).toContain(
      "readonly Widget: string | number | boolean;",
    );
    expect(readFileSync(join(docs, "actions", "WidgetStatus.md"), "utf8")).toContain("# WidgetStatus");
    expect(run(...args, "--check").code).toBe(0);
  });

  it("--check lists an edited file and a file that is no longer generated", () => {
    const events = join(out, "events.ts");
    writeFileSync(events, `${readFileSync(events, "utf8")}\n// hand edit\n`);
    writeFileSync(join(out, "leftover.ts"), "export {};\n");
    const result = run(...args, "--check");
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n").filter((l) => l.startsWith("  "))).toEqual([
      `  ${events}`,
      `  ${join(out, "leftover.ts")}`,
    ]);
    expect(run(...args).code).toBe(0);
    expect(run(...args, "--check").code).toBe(0);
  });

  it("puts the XML's descriptions into the TSDoc only with --with-descriptions", () => {
    expect(readFileSync(join(out, "actions.ts"), "utf8")).not.toContain("Which widget to show.");
    const described = join(work, "described");
    expect(run(customXml, "--xslt", xslt, "--out", described, "--with-descriptions").code).toBe(0);
    const actions = readFileSync(join(described, "actions.ts"), "utf8");
    expect(actions).toContain("Which widget to show.");
    expect(actions).toContain("Show widgets.");
  });

  it("explains bad usage and unreadable inputs instead of crashing", () => {
    expect(run().code).toBe(2);
    expect(run(customXml).stderr).toContain("--out <dir> is required");
    const missing = run(join(work, "nope.xml"), "--out", out);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read core-en_US.xml");
    const noXslt = run(customXml, "--out", out);
    expect(noXslt.code).toBe(1);
    expect(noXslt.stderr).toContain("pass --xslt <path>");
    expect(run("--workspace", work, "--with-descriptions").stderr).toContain("never committed");
  });
});

describe("amikit-codegen --workspace (the repository's own run)", () => {
  const root = join(work, "repo");
  mkdirSync(root);
  const missing = { AMIKIT_ASTERISK_DOCS: "/nonexistent" };
  const reason =
    'no Asterisk XML documentation (<version>/core-en_US.xml) in /nonexistent; set AMIKIT_ASTERISK_DOCS to such a directory (see "Asterisk\'s XML documentation" in the README)';

  it("reads every release in $AMIKIT_ASTERISK_DOCS and writes to the repository's fixed paths", () => {
    const env = { AMIKIT_ASTERISK_DOCS: fixtureDocsDir };
    const written = runIn(env, "--workspace", root);
    expect(written.stderr).toBe("");
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/^1\.0\.0: 3 actions .*\n2\.0\.0: 4 actions /);
    const generated = join(root, "packages/definitions/src/generated");
    expect(readFileSync(join(generated, "asterisk-2", "actions.ts"), "utf8")).toContain("WidgetRemove");
    expect(readFileSync(join(root, "docs/reference/actions/WidgetList.md"), "utf8")).toContain(
      "# WidgetList",
    );
    expect(runIn(env, "--workspace", root, "--check").code).toBe(0);
  });

  it("without the documentation, --check skips with one line and exit code 0", () => {
    const result = runIn(missing, "--workspace", root, "--check");
    expect(result).toEqual({
      code: 0,
      stdout: `amikit-codegen: skipped the staleness check of the generated definitions: ${reason}\n`,
      stderr: "",
    });
  });

  it("without the documentation, --check fails in one line when AMIKIT_REQUIRE_ASTERISK_DOCS=1", () => {
    const result = runIn({ ...missing, AMIKIT_REQUIRE_ASTERISK_DOCS: "1" }, "--workspace", root, "--check");
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `amikit-codegen: cannot check the generated definitions (AMIKIT_REQUIRE_ASTERISK_DOCS=1): ${reason}\n`,
    });
  });

  it("without the documentation, generating fails in one line, without the usage text", () => {
    const result = runIn(missing, "--workspace", root);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `amikit-codegen: cannot generate the definitions: ${reason}\n`,
    });
  });

  it("falls back to ../shared/asterisk-docs beside the root when AMIKIT_ASTERISK_DOCS is unset", () => {
    const result = run("--workspace", root, "--check");
    expect(result.stdout).toContain(`in ${join(work, "shared", "asterisk-docs")};`);
    expect(result.code).toBe(0);
  });
});
