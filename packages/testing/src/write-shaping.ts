import type { FakeWriteShaping } from "./options.ts";

/** @internal Cuts one write into the chunks `shaping` asks for (offsets outside the write are ignored). */
export function splitWrite(bytes: Uint8Array, shaping: FakeWriteShaping | undefined): Uint8Array[] {
  if (shaping === undefined) return [bytes];
  const cuts = new Set<number>();
  for (const offset of shaping.splitAt ?? []) {
    if (Number.isInteger(offset) && offset > 0 && offset < bytes.length) cuts.add(offset);
  }
  const size = shaping.chunkSize;
  if (size !== undefined && size >= 1) {
    for (let offset = Math.floor(size); offset < bytes.length; offset += Math.floor(size)) cuts.add(offset);
  }
  if (cuts.size === 0) return [bytes];
  const sorted = [...cuts].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of sorted) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** @internal Whether shaping changes anything (so unshaped writes can stay synchronous). */
export function isShaping(shaping: FakeWriteShaping | undefined): shaping is FakeWriteShaping {
  if (shaping === undefined) return false;
  return (
    (shaping.splitAt !== undefined && shaping.splitAt.length > 0) ||
    (shaping.chunkSize !== undefined && shaping.chunkSize >= 1) ||
    (shaping.delay !== undefined && shaping.delay > 0)
  );
}
