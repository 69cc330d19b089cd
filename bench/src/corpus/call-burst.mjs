import { transcriptPath } from "../paths.mjs";
import { repeatToSize } from "./corpus.mjs";
import { transcriptEvents } from "./transcript.mjs";

/**
 * The Event packets of `call-burst.jsonl` (200 pipelined Originates on a real Asterisk 22.10.1), byte for
 * byte, repeated to about `targetBytes`.
 * @param {number} targetBytes
 * @returns {import("./corpus.mjs").Corpus}
 */
export function callBurstCorpus(targetBytes) {
  const packets = transcriptEvents(transcriptPath("call-burst"));
  return repeatToSize(
    "call-burst",
    "the Event packets of call-burst.jsonl (real Asterisk 22.10.1 traffic), exact bytes, repeated",
    packets,
    targetBytes,
  );
}
