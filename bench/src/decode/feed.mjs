/** Resolves on the next macrotask turn, after pending `process.nextTick` and promise jobs have run. */
export const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Feeds every chunk to a fresh session of `driver`, each chunk in its own event-loop turn as socket reads
 * arrive, then ends the session. Libraries that emit on a later tick (asterisk-manager) are thereby
 * measured to the point where their listeners have run; every library pays the same per-chunk turn.
 *
 * @param {import("./drivers/driver.mjs").DecodeDriver} driver
 * @param {readonly Buffer[]} chunks
 * @param {(packet: unknown) => void} onPacket
 */
export async function feedAll(driver, chunks, onPacket) {
  if (!driver.open) throw new Error(`${driver.name} is unavailable: ${driver.unavailable}`);
  const session = driver.open(onPacket);
  for (let index = 0; index < chunks.length; index++) {
    session.feed(/** @type {Buffer} */ (chunks[index]));
    await nextTurn();
  }
  await nextTurn();
  session.end();
}
