import { fieldMultimap } from "../corpus/fields.mjs";
import { CorrectnessTally, compareExactFields, compareMultimaps } from "./correctness.mjs";
import { feedAll } from "./feed.mjs";

/**
 * Decodes a whole corpus with one library and checks EVERY packet it produces against what was sent:
 * the count, and each packet field by field (exactly for amikit; as a lower-cased multimap for libraries
 * that return plain objects). Untimed.
 *
 * @param {import("./drivers/driver.mjs").DecodeDriver} driver
 * @param {import("../corpus/corpus.mjs").Corpus} corpus
 * @param {readonly Buffer[]} chunks
 * @returns {Promise<import("./correctness.mjs").CorrectnessResult & { error?: string }>}
 */
export async function checkCorpus(driver, corpus, chunks) {
  const tally = new CorrectnessTally(corpus.packetCount);
  const distinct = corpus.packets.length;
  const onPacket = (packet) => {
    const index = tally.count;
    const sent = corpus.packets[index % distinct];
    if (index >= corpus.packetCount || sent === undefined) {
      tally.record(index, []);
      return;
    }
    tally.record(index, problemsOf(driver, packet, sent.fields));
  };
  try {
    await feedAll(driver, chunks, onPacket);
  } catch (error) {
    return { ...tally.result(), lossy: true, exact: false, error: String(error?.message ?? error) };
  }
  return tally.result();
}

/**
 * @param {import("./drivers/driver.mjs").DecodeDriver} driver
 * @param {unknown} packet
 * @param {Array<[string, string]>} expected
 */
function problemsOf(driver, packet, expected) {
  if (driver.exact && driver.exactFields) {
    const problems = compareExactFields(expected, driver.exactFields(packet));
    if (driver.shapeOk && !driver.shapeOk(packet, expected))
      problems.push({ kind: "shape", key: "type/name" });
    return problems;
  }
  if (!driver.fields) throw new Error(`${driver.name} has no field reader`);
  return compareMultimaps(fieldMultimap(expected), driver.fields(packet));
}
