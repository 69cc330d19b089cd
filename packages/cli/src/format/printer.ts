import type { CliContext } from "../context.ts";
import { formatBlock, formatJsonLine, formatSummary, type PacketFields } from "./packet-format.ts";

/** How packets are printed: readable blocks, one line each, or NDJSON. */
export type OutputMode = "blocks" | "oneline" | "json";

/** Chooses the output mode from `--json` / `--oneline`. */
export function outputModeOf(values: { json?: boolean; oneline?: boolean }): OutputMode {
  if (values.json === true) return "json";
  if (values.oneline === true) return "oneline";
  return "blocks";
}

/** Formats one packet in the given mode, ready to write (ends with a newline). */
export function renderPacket(fields: PacketFields, mode: OutputMode, context: CliContext): string {
  if (mode === "json") return formatJsonLine(fields);
  if (mode === "oneline") return `${formatSummary(fields, context.colour)}\n`;
  return formatBlock(fields, context.colour);
}

/** Writes one packet to stdout in the given mode. */
export function printPacket(fields: PacketFields, mode: OutputMode, context: CliContext): void {
  context.io.stdout.write(renderPacket(fields, mode, context));
}
