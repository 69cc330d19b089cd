/**
 * How the benchmark drives one decoder. `consume` is what a timed run does with each packet beyond
 * counting it (amikit: read `fields`; the libraries build complete objects anyway). A session receives the stream chunk by chunk, as socket reads,
 * and calls `onPacket` once per decoded packet (possibly later, on a tick, as asterisk-manager does).
 *
 * @typedef {{
 *   name: string,
 *   label: string,
 *   version: string,
 *   drivenBy: string,
 *   unavailable?: string,
 *   exact?: boolean,
 *   open?: (onPacket: (packet: any) => void) => { feed(chunk: Buffer): void, end(): void },
 *   consume?: (packet: any) => unknown,
 *   fields?: (packet: any) => Map<string, import("../correctness.mjs").DecodedValue[]>,
 *   exactFields?: (packet: any) => ReadonlyArray<readonly [string, string]>,
 *   shapeOk?: (packet: any, expected: ReadonlyArray<readonly [string, string]>) => boolean,
 * }} DecodeDriver
 */

import { amiIoDriver } from "./ami-io.mjs";
import { amikitDriver } from "./amikit.mjs";
import { asteriskManagerDriver } from "./asterisk-manager.mjs";
import { splitBaselineDriver } from "./split-baseline.mjs";
import { yanaDriver } from "./yana.mjs";

/**
 * Every decoder the benchmark compares, amikit first and the baseline last.
 * @returns {Promise<DecodeDriver[]>}
 */
export async function decodeDrivers() {
  return [await amikitDriver(), asteriskManagerDriver(), amiIoDriver(), yanaDriver(), splitBaselineDriver()];
}
