/**
 * An independent, deliberately simple AMI decoder used as the test oracle: it decodes the whole
 * stream to one string, splits it into lines with a regular expression and follows the documented
 * rules one line at a time, without any of the real decoder's buffering or fast paths.
 */

/** A decoded packet in plain data, comparable with `toEqual`. */
export interface PlainPacket {
  type: string;
  name: string;
  fields: [string, string][];
  output: string[] | undefined;
}

/** The oracle's result: the packets, and whether the stream stopped inside a packet. */
export interface ReferenceResult {
  packets: PlainPacket[];
  unfinished: boolean;
}

const TYPE_KEYS: Record<string, string> = { event: "event", response: "response", action: "action" };

function splitField(line: string): [string, string] {
  const withSpace = /^(.*?): (.*)$/s.exec(line);
  if (withSpace) return [withSpace[1] ?? "", withSpace[2] ?? ""];
  const bare = /^(.*?):(.*)$/s.exec(line);
  if (bare) return [bare[1] ?? "", bare[2] ?? ""];
  return [line, ""];
}

function finish(fields: [string, string][], output: string[] | undefined): PlainPacket {
  const typed = fields.find(([key]) => TYPE_KEYS[key.toLowerCase()] !== undefined);
  const first = fields[0];
  const decider = first !== undefined && TYPE_KEYS[first[0].toLowerCase()] !== undefined ? first : typed;
  const lines = output ?? fields.filter(([key]) => key.toLowerCase() === "output").map(([, value]) => value);
  return {
    type: decider ? (TYPE_KEYS[decider[0].toLowerCase()] ?? "unknown") : "unknown",
    name: decider ? decider[1] : "",
    fields,
    output: output !== undefined || lines.length > 0 ? lines : undefined,
  };
}

/** Decodes a complete byte stream the simple way. */
export function referenceDecode(
  bytes: Uint8Array,
  options: { expectGreeting?: boolean } = {},
): ReferenceResult {
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const pieces = text.split("\n");
  const tail = pieces.pop() ?? "";
  const lines = pieces.map((piece) => (piece.endsWith("\r") ? piece.slice(0, -1) : piece));

  const packets: PlainPacket[] = [];
  let greetingPending = options.expectGreeting === true;
  let fields: [string, string][] | undefined;
  // Legacy Command response: undefined, or the phase and what has been read so far.
  let legacy: { phase: "headers" | "body" | "end"; output: string[]; seen: Set<string> } | undefined;

  for (const line of lines) {
    if (legacy !== undefined && fields !== undefined && legacy.phase !== "end") {
      if (legacy.phase === "headers") {
        const [key] = splitField(line);
        const lower = key.toLowerCase();
        const isHeader = line.includes(":") && (lower === "privilege" || lower === "actionid");
        if (isHeader && !legacy.seen.has(lower)) {
          legacy.seen.add(lower);
          fields.push(splitField(line));
          continue;
        }
        legacy.phase = "body";
      }
      if (line.endsWith("--END COMMAND--")) {
        const before = line.slice(0, line.length - "--END COMMAND--".length);
        if (before !== "") legacy.output.push(before);
        legacy.phase = "end";
      } else {
        legacy.output.push(line);
      }
      continue;
    }
    if (line === "") {
      if (fields !== undefined) packets.push(finish(fields, legacy?.output));
      fields = undefined;
      legacy = undefined;
      continue;
    }
    if (greetingPending) {
      greetingPending = false;
      packets.push({ type: "greeting", name: line, fields: [], output: undefined });
      continue;
    }
    const field = splitField(line);
    if (fields === undefined) {
      fields = [field];
      if (field[0].toLowerCase() === "response" && field[1].toLowerCase() === "follows") {
        legacy = { phase: "headers", output: [], seen: new Set() };
      }
    } else {
      fields.push(field);
    }
  }
  return { packets, unfinished: fields !== undefined || !/^\r*$/.test(tail) };
}
