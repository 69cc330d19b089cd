import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  asteriskDocsDirectory,
  asteriskDocsRequired,
  findAsteriskDocs,
  missingAsteriskDocsLine,
  repositoryRoot,
  transcriptNames,
  transcriptPath,
  transcriptsRoot,
} from "./fixtures.ts";
import { transcriptEntries } from "./transcripts.ts";

describe("the transcripts in the repository", () => {
  it("are every recorded Asterisk 22 scenario, each with its entries", () => {
    expect(transcriptNames()).toEqual([
      "action-before-login",
      "attended-transfer",
      "blind-transfer",
      "bridge-two-party",
      "call-burst",
      "conference",
      "device-state",
      "errors",
      "events-filter-userevent",
      "hold",
      "local-optimization",
      "login-bad-secret",
      "login-events-off",
      "login-md5",
      "login-plain",
      "login-unknown-user",
      "originate-call",
      "originate-sync-fail",
      "park",
      "permission-denied",
      "ping-command",
      "queue-call",
    ]);
    for (const name of transcriptNames()) {
      const entries = transcriptEntries(name);
      expect(entries[0]?.text, name).toMatch(/^Asterisk Call Manager\/11\.0\.0\r\n/);
      expect(
        entries.every((entry) => ["s2c", "c2s", "close"].includes(entry.dir)),
        name,
      ).toBe(true);
    }
  });

  it("live inside the repository, with their README and the Asterisk configuration they were recorded with", () => {
    expect(transcriptsRoot.startsWith(repositoryRoot)).toBe(true);
    expect(transcriptPath("login-plain")).toBe(join(transcriptsRoot, "asterisk-22", "login-plain.jsonl"));
    expect(readFileSync(join(transcriptsRoot, "README.md"), "utf8")).toContain("Real AMI conversations");
    expect(readFileSync(join(transcriptsRoot, "asterisk-22-config", "manager.conf"), "utf8")).toContain(
      "[admin]",
    );
  });
});

describe("finding Asterisk's XML documentation", () => {
  const work = mkdtempSync(join(tmpdir(), "amikit-docs-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  for (const version of ["9.1.0", "22.10.1", "18.26.4"]) {
    mkdirSync(join(work, version));
    writeFileSync(join(work, version, "core-en_US.xml"), "<docs/>\n");
  }
  mkdirSync(join(work, "notes"));

  it("reads AMIKIT_ASTERISK_DOCS: every release with a core-en_US.xml, oldest first", () => {
    expect(findAsteriskDocs({ AMIKIT_ASTERISK_DOCS: work })).toEqual({
      directory: work,
      releases: ["9.1.0", "18.26.4", "22.10.1"],
    });
  });

  it("falls back to ../shared/asterisk-docs beside the repository", () => {
    expect(asteriskDocsDirectory({})).toBe(resolve(repositoryRoot, "../shared/asterisk-docs"));
    expect(asteriskDocsDirectory({ AMIKIT_ASTERISK_DOCS: "" })).toBe(
      resolve(repositoryRoot, "../shared/asterisk-docs"),
    );
  });

  it("finds nothing in a missing directory or one without releases, and says so in one line", () => {
    expect(findAsteriskDocs({ AMIKIT_ASTERISK_DOCS: "/nonexistent" })).toBeUndefined();
    expect(findAsteriskDocs({ AMIKIT_ASTERISK_DOCS: join(work, "notes") })).toBeUndefined();
    const line = missingAsteriskDocsLine("the XML tests", { AMIKIT_ASTERISK_DOCS: "/nonexistent" });
    expect(line).not.toContain("\n");
    expect(line).toMatch(
      /^amikit: skipped the XML tests: no Asterisk XML documentation .* in \/nonexistent;/,
    );
    expect(line).toBe(
      'amikit: skipped the XML tests: no Asterisk XML documentation (<version>/core-en_US.xml) in /nonexistent; set AMIKIT_ASTERISK_DOCS to such a directory (see "Asterisk\'s XML documentation" in the README)',
    );
  });

  it("is required only with AMIKIT_REQUIRE_ASTERISK_DOCS=1", () => {
    expect(asteriskDocsRequired({ AMIKIT_REQUIRE_ASTERISK_DOCS: "1" })).toBe(true);
    expect(asteriskDocsRequired({ AMIKIT_REQUIRE_ASTERISK_DOCS: "0" })).toBe(false);
    expect(asteriskDocsRequired({})).toBe(false);
  });
});
