import { readFileSync } from "node:fs";
import { referenceFields } from "./fields.mjs";

const GREETING = "Asterisk Call Manager/";
const encoder = new TextEncoder();

/**
 * One packet cut from a transcript: its exact bytes (terminator included), its text and its fields.
 * @typedef {{ bytes: Uint8Array, text: string, fields: Array<[string, string]> }} CorpusPacket
 */

/**
 * Concatenates the server-to-client (`s2c`) reads of a JSONL transcript: the byte stream a client saw.
 * @param {string} file path of a `.jsonl` transcript
 * @returns {string}
 */
export function readServerStream(file) {
  let stream = "";
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line === "") continue;
    const record = JSON.parse(line);
    if (record.dir === "s2c") stream += record.text;
  }
  return stream;
}

/**
 * Cuts a server stream into packets, keeping each packet's exact bytes. The greeting line is skipped.
 * This is deliberately the simplest possible framer (split on `\r\n\r\n`), so it refuses any stream it
 * could get wrong (bare-LF framing) instead of silently mis-cutting it.
 *
 * @param {string} stream
 * @returns {CorpusPacket[]}
 */
export function cutPackets(stream) {
  let rest = stream;
  if (rest.startsWith(GREETING)) rest = rest.slice(rest.indexOf("\r\n") + 2);
  if (/(^|[^\r])\n/.test(rest))
    throw new Error("stream uses bare-LF line endings; the corpus framer only handles CRLF");
  const parts = rest.split("\r\n\r\n");
  const tail = parts.pop();
  if (tail !== "") throw new Error(`stream ends inside a packet: ${JSON.stringify(tail?.slice(0, 80))}`);
  return parts.map((text) => ({
    bytes: encoder.encode(`${text}\r\n\r\n`),
    text,
    fields: referenceFields(text),
  }));
}

/**
 * The Event packets of a transcript's server stream, in order, with their exact bytes.
 * @param {string} file
 * @returns {CorpusPacket[]}
 */
export function transcriptEvents(file) {
  return cutPackets(readServerStream(file)).filter((packet) => packet.text.startsWith("Event:"));
}
