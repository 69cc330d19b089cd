/**
 * A benchmark corpus: distinct packets repeated to a target size, held in memory as one buffer.
 * The packet at position `i` of the stream is `packets[i % packets.length]`, so the expected result of
 * every packet is known without storing 50 MB of expectations.
 *
 * @typedef {import("./transcript.mjs").CorpusPacket} CorpusPacket
 * @typedef {{
 *   name: string,
 *   description: string,
 *   packets: CorpusPacket[],
 *   repeat: number,
 *   packetCount: number,
 *   bytes: Buffer,
 * }} Corpus
 */

/**
 * Repeats `packets` whole until the stream reaches at least `targetBytes`. When one pass is already
 * larger than that (a tiny corpus for tests), only the first packets that reach it are kept.
 * @param {string} name
 * @param {string} description
 * @param {CorpusPacket[]} packets
 * @param {number} targetBytes
 * @returns {Corpus}
 */
export function repeatToSize(name, description, packets, targetBytes) {
  if (packets.length === 0) throw new Error(`corpus ${name} has no packets`);
  let onceBytes = 0;
  let kept = 0;
  while (kept < packets.length && onceBytes < targetBytes) onceBytes += packets[kept++]?.bytes.length ?? 0;
  if (kept < packets.length) return repeatToSize(name, description, packets.slice(0, kept), targetBytes);
  const repeat = Math.max(1, Math.ceil(targetBytes / onceBytes));
  const bytes = Buffer.allocUnsafe(onceBytes * repeat);
  let offset = 0;
  for (let round = 0; round < repeat; round++) {
    for (const packet of packets) {
      bytes.set(packet.bytes, offset);
      offset += packet.bytes.length;
    }
  }
  return { name, description, packets, repeat, packetCount: packets.length * repeat, bytes };
}

/**
 * Cuts a buffer into socket-sized reads (views, no copy), like a socket delivering `size`-byte reads.
 * @param {Buffer} bytes
 * @param {number} size
 * @returns {Buffer[]}
 */
export function fixedChunks(bytes, size) {
  const chunks = [];
  for (let offset = 0; offset < bytes.length; offset += size)
    chunks.push(bytes.subarray(offset, offset + size));
  return chunks;
}

/**
 * Cuts a buffer into small reads of pseudo-random length (1–97 bytes), so that packets, lines, and
 * multi-byte UTF-8 characters are split across reads at many different points.
 * @param {Buffer} bytes
 * @param {number} seed
 * @returns {Buffer[]}
 */
export function raggedChunks(bytes, seed) {
  const random = seededRandom(seed);
  const chunks = [];
  let offset = 0;
  while (offset < bytes.length) {
    const size = 1 + Math.floor(random() * 97);
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/**
 * A small deterministic PRNG (mulberry32), so every run builds the same corpus.
 * @param {number} seed
 * @returns {() => number} numbers in [0, 1)
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
