import { transcriptPath } from "../paths.mjs";
import { repeatToSize, seededRandom } from "./corpus.mjs";
import { referenceFields } from "./fields.mjs";
import { transcriptEvents } from "./transcript.mjs";

const encoder = new TextEncoder();

/** Caller names outside ASCII: 2-, 3- and 4-byte UTF-8 sequences. */
const NAMES = [
  "Jürgen Müller",
  "Зоя Иванова",
  "李小龙",
  "José Ñúñez",
  "📞 Reception",
  "Ελένη Παπαδοπούλου",
  "Øre ÆØÅ",
];
/** Numbers whose leading zeros a lossy parser could drop by coercing them. */
const NUMBERS = ["0049301234567", "007", "0800123456", "00", "0"];
/** `AppData` values that contain `: ` (a parser that splits on every `: ` cuts them). */
const APP_DATA = [
  "TestUser,Header1: hello,Header2: мир",
  "Dial(PJSIP/bob,,tT): x",
  "Set(RESULT=a: b: c)",
  "UserEvent(Note,Text: 📞 ring: ring)",
];
/** Channel variables, sent one `ChanVariable: NAME=value` line each (repeated header). */
const CHAN_VARIABLES = [
  ["IDX", "0042"],
  ["FOO", "a=b=c"],
  ["NOTE", "Header1: hello"],
  ["CALLER", "Müller"],
  ["EMPTY", ""],
  ["ACCOUNT", "007"],
];

/**
 * A generated corpus built on the real call-burst events but with the content that exposes lossy
 * parsers: non-ASCII caller names, leading-zero numbers, values containing `: `, repeated
 * `ChanVariable: NAME=value` headers, `ChanVariable(<channel>): NAME=value` keys (as `OriginateResponse`
 * carries them) and `Key:` with no space before an empty value. Deterministic for a given seed.
 *
 * @param {number} targetBytes
 * @param {number} [seed]
 * @returns {import("./corpus.mjs").Corpus}
 */
export function heavyCorpus(targetBytes, seed = 7) {
  const random = seededRandom(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const base = transcriptEvents(transcriptPath("call-burst"));
  /** @type {import("./transcript.mjs").CorpusPacket[]} */
  const packets = [];
  let total = 0;
  for (let index = 0; total < targetBytes && index < 20_000; index++) {
    const source = base[index % base.length];
    if (!source) break;
    const lines = [];
    for (const [key, value] of source.fields) {
      if ((key === "CallerIDName" || key === "ConnectedLineName") && value !== "<unknown>") {
        lines.push(`${key}: ${pick(NAMES)}`);
      } else if ((key === "CallerIDNum" || key === "ConnectedLineNum") && value !== "<unknown>") {
        lines.push(`${key}: ${pick(NUMBERS)}`);
      } else if (key === "AppData") {
        lines.push(`${key}: ${pick(APP_DATA)}`);
      } else if (key === "AccountCode" && value === "") {
        lines.push(random() < 0.5 ? "AccountCode:" : "AccountCode: ");
      } else {
        lines.push(`${key}: ${value}`);
      }
      if (key === "Linkedid") {
        const count = 2 + Math.floor(random() * 4);
        for (let variable = 0; variable < count; variable++) {
          const [name, variableValue] = CHAN_VARIABLES[(index + variable) % CHAN_VARIABLES.length] ?? [
            "X",
            "",
          ];
          lines.push(`ChanVariable: ${name}=${variableValue}`);
        }
      }
    }
    if (source.fields[0]?.[1] === "OriginateResponse") {
      const channel = source.fields.find(([key]) => key === "Channel")?.[1] ?? "Local/wait@test-00000000;1";
      lines.push(
        `ChanVariable(${channel}): FOO=${pick(NAMES)}`,
        `ChanVariable(${channel}): IDX=${pick(NUMBERS)}`,
      );
    }
    const text = lines.join("\r\n");
    const bytes = encoder.encode(`${text}\r\n\r\n`);
    packets.push({ bytes, text, fields: referenceFields(text) });
    total += bytes.length;
  }
  return repeatToSize(
    "heavy",
    "generated from call-burst events: non-ASCII names, leading zeros, `: ` in values, repeated ChanVariable",
    packets,
    targetBytes,
  );
}
