import { beforeAll, describe, expect, it } from "vitest";
import { renderDecodeReport } from "../report/decode-report.mjs";
import { runDecodeBenchmark } from "./benchmark.mjs";

/** The whole benchmark on a tiny corpus, so it cannot rot. Asserts structure and correctness, never speed. */
describe("decode benchmark, tiny corpus", () => {
  /** @type {Awaited<ReturnType<typeof runDecodeBenchmark>>} */
  let result;
  beforeAll(async () => {
    result = await runDecodeBenchmark({
      corpusBytes: 150_000,
      heavyBytes: 40_000,
      chunkBytes: 4096,
      rounds: 2,
      warmups: 0,
    });
  }, 120_000);

  const row = (name) => {
    const found = result.rows.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no row ${name}`);
    return found;
  };
  const kinds = (name, corpus) => Object.keys(row(name).correctness?.[corpus].problems ?? {}).sort();

  it("times every decoder, amikit first, against split-baseline", () => {
    expect(result.rows.map((candidate) => candidate.name)).toEqual([
      "amikit",
      "asterisk-manager",
      "ami-io",
      "yana",
      "split-baseline",
    ]);
    for (const candidate of result.rows) {
      expect(candidate.unavailable, candidate.name).toBeUndefined();
      expect(candidate.timingError, candidate.name).toBeUndefined();
      expect(candidate.roundsMs, candidate.name).toHaveLength(2);
      expect(candidate.timedCountsOk, candidate.name).toBe(true);
      expect(candidate.packetsPerSecond, candidate.name).toBeGreaterThan(0);
      expect(candidate.megabytesPerSecond, candidate.name).toBeGreaterThan(0);
    }
    expect(row("split-baseline").ratio).toBe(1);
    expect(result.target).toMatchObject({ name: "amikit", ratio: 1.5, actual: row("amikit").ratio });
    expect(typeof result.target.met).toBe("boolean");
  });

  it("counts every packet of both corpora for every decoder", () => {
    expect(result.corpus.packetCount).toBeGreaterThan(300);
    for (const candidate of result.rows) {
      expect(candidate.correctness?.main.count, candidate.name).toBe(result.corpus.packetCount);
      expect(candidate.correctness?.heavy.count, candidate.name).toBe(result.heavy.packetCount);
    }
  });

  it("finds amikit lossless: every packet exact on both corpora", () => {
    expect(row("amikit").correctness?.main).toMatchObject({ exact: true, mismatched: 0 });
    expect(row("amikit").correctness?.heavy).toMatchObject({ exact: true, mismatched: 0 });
  });

  it("marks the other readers' data loss with its reason", () => {
    expect(kinds("asterisk-manager", "main")).toEqual([]);
    expect(kinds("asterisk-manager", "heavy")).toContain("key-renamed");
    expect(kinds("ami-io", "main")).toContain("key-renamed");
    expect(kinds("ami-io", "heavy")).toEqual(expect.arrayContaining(["utf8", "value-case"]));
    expect(kinds("yana", "main")).toEqual([]);
    expect(kinds("yana", "heavy")).toEqual(["utf8"]);
    expect(kinds("split-baseline", "heavy")).toContain("repeated");
  });

  it("renders one table row per decoder, the target verdict and the machine", () => {
    const markdown = renderDecodeReport(result);
    const tableRows = markdown
      .split("\n")
      .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"));
    expect(tableRows).toHaveLength(6);
    expect(tableRows[0]).toContain("GC share");
    expect(markdown).toMatch(/target ≥ 1\.5×: (met|\*\*MISSED\*\*)/);
    expect(markdown).toContain("❌ loses data");
    expect(markdown).toContain(`Node ${process.version}`);
  });
});
