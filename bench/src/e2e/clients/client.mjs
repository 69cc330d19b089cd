/**
 * One client of the end-to-end benchmark, used through its documented API.
 * `connect` logs in and delivers every event to `onEvent`; the session answers Pings one by one
 * (`ping`) or, for count-baseline, all at once (`pingAll`). `variants` (amikit only) names other ways
 * of subscribing, each with its description; `connect({ variant })` uses one of them.
 * @typedef {{
 *   name: string,
 *   label: string,
 *   packageName: string | undefined,
 *   how: string,
 *   exactKeys?: boolean,
 *   countsOnly?: boolean,
 *   pingOnly?: boolean,
 *   variants?: Record<string, string>,
 *   connect(options: { port: number, onEvent: (event: any) => void, variant?: string }): Promise<{
 *     ping?: () => Promise<unknown>,
 *     pingAll?: (count: number) => Promise<unknown>,
 *     close(): unknown,
 *   }>,
 *   fields?: (event: any) => Map<string, import("../../decode/correctness.mjs").DecodedValue[]>,
 * }} E2eClient
 */

import amiIo from "./ami-io.mjs";
import amikit from "./amikit.mjs";
import asteriskAmiClient from "./asterisk-ami-client.mjs";
import asteriskIo from "./asterisk-io.mjs";
import asteriskManager from "./asterisk-manager.mjs";
import codecBaseline from "./codec-baseline.mjs";
import countBaseline from "./count-baseline.mjs";
import ipcomAsteriskAmi from "./ipcom-asterisk-ami.mjs";
import nami from "./nami.mjs";
import promiseFloor from "./promise-floor.mjs";
import splitBaseline from "./split-baseline.mjs";
import yana from "./yana.mjs";

/**
 * Every client, amikit first, then the two baselines, then the two references that bound what amikit
 * can reach (its codec alone; the Ping harness with no socket). @type {E2eClient[]}
 */
export const E2E_CLIENTS = [
  amikit,
  asteriskManager,
  asteriskAmiClient,
  yana,
  amiIo,
  asteriskIo,
  nami,
  ipcomAsteriskAmi,
  splitBaseline,
  countBaseline,
  codecBaseline,
  promiseFloor,
];
