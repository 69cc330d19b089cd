import type { AmiPacket } from "@amikit/codec";
import type { PendingBehaviour } from "../correlation.ts";

/** A pending-table behaviour that records what reaches it: every answer (each ends the entry) and failure. */
export function recorder(): PendingBehaviour & { answers: AmiPacket[]; errors: Error[] } {
  const answers: AmiPacket[] = [];
  const errors: Error[] = [];
  return {
    answers,
    errors,
    response(packet) {
      answers.push(packet);
      return "settled";
    },
    fail(error) {
      errors.push(error);
    },
  };
}
