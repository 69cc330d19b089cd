import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** `../shared` beside the repository, or `AMIKIT_SHARED_DIR`. */
export function sharedDir(): string {
  const override = process.env.AMIKIT_SHARED_DIR;
  if (override !== undefined && override !== "") return resolve(override);
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, "../../../../../shared");
}

/**
 * The server-to-client packets of a recorded Asterisk 22 transcript, each as `[name, value]` pairs in
 * wire order. Parsed here with a plain split: the point is to compare shapes, not to test a decoder.
 */
export function transcriptPackets(name: string): [string, string][][] {
  const path = join(sharedDir(), "transcripts", "asterisk-22", `${name}.jsonl`);
  let text = "";
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const record = JSON.parse(line) as { dir: string; text?: string };
    if (record.dir === "s2c" && record.text !== undefined) text += record.text;
  }
  const body = text.replace(/^Asterisk Call Manager\/[^\r\n]*\r\n/, "");
  return body
    .split("\r\n\r\n")
    .filter((block) => block.trim() !== "")
    .map((block) =>
      block.split("\r\n").map((line) => {
        const colon = line.indexOf(": ");
        return colon < 0
          ? ([line.replace(/:$/, ""), ""] as [string, string])
          : [line.slice(0, colon), line.slice(colon + 2)];
      }),
    );
}

/** The header names of the first transcript event called `event`, in wire order. */
export function transcriptEventHeaders(transcript: string, event: string): string[] {
  const packet = transcriptPackets(transcript).find(
    (fields) => fields[0]?.[0] === "Event" && fields[0][1] === event,
  );
  if (packet === undefined) throw new Error(`no ${event} event in ${transcript}`);
  return packet.map(([name]) => name);
}
