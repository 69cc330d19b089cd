/**
 * Splitting recorded AMI text into packets with plain string operations (deliberately not the codec:
 * these helpers read fixtures, they do not test a decoder).
 */
import { readTranscript } from "./transcripts.ts";

/** A packet's header lines as `[name, value]` pairs, in wire order. */
export type HeaderPairs = [name: string, value: string][];

const GREETING = "Asterisk Call Manager/";

/** Splits text into packets, each with its closing blank line; an unfinished tail is left out. */
export function splitPackets(text: string): string[] {
  const packets: string[] = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf("\r\n\r\n", start);
    if (end < 0) break;
    packets.push(text.slice(start, end + 4));
    start = end + 4;
  }
  return packets;
}

/** Splits server text into the greeting line (when it starts with one) and packets, each with its CRLFs. */
export function splitServerText(text: string): string[] {
  const greetingEnd = text.indexOf("\r\n");
  if (text.startsWith(GREETING) && greetingEnd >= 0) {
    return [text.slice(0, greetingEnd + 2), ...splitPackets(text.slice(greetingEnd + 2))];
  }
  return splitPackets(text);
}

/**
 * The header lines of one packet as `[name, value]`: split at the first colon, one space after it
 * dropped. Lines without a colon (bodies of command output) are left out.
 */
export function packetHeaders(packet: string): HeaderPairs {
  const headers: HeaderPairs = [];
  for (const line of packet.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const value = line.slice(colon + 1);
    headers.push([line.slice(0, colon), value.startsWith(" ") ? value.slice(1) : value]);
  }
  return headers;
}

/** The packets the server sent in a transcript (greeting left out), as header pairs. */
export function serverPackets(transcript: string): HeaderPairs[] {
  return splitServerText(readTranscript(transcript).serverText)
    .filter((packet) => !packet.startsWith(GREETING))
    .map(packetHeaders);
}

/** The packets the client sent in a transcript, as header pairs. */
export function clientPackets(transcript: string): HeaderPairs[] {
  return splitPackets(readTranscript(transcript).clientText).map(packetHeaders);
}

/** The header names of the first event called `event` in a transcript, in wire order. */
export function eventHeaderNames(transcript: string, event: string): string[] {
  const packet = serverPackets(transcript).find(
    (headers) => headers[0]?.[0] === "Event" && headers[0][1] === event,
  );
  if (packet === undefined) throw new Error(`no ${event} event in ${transcript}.jsonl`);
  return packet.map(([name]) => name);
}
